import { Ctx, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../../shared/request-context.js";
import { OIDC_LOGIN_PATH } from "./oidc.settings.js";
import { SignInMethods } from "./sign-in-methods.type.js";

@Resolver()
export class SignInMethodsResolver {
  @Query(() => SignInMethods, { description: "How console users can sign in; asked before signing in." })
  signInMethods(@Ctx() ctx: RequestContext): SignInMethods {
    const provider = ctx.authSettings.identityProvider;
    return {
      password: ctx.authSettings.passwordSignIn !== false,
      identityProvider: provider ? { name: provider.name, signInPath: OIDC_LOGIN_PATH } : null,
    };
  }
}
