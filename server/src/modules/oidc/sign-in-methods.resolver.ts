import { Query, Resolver } from "type-graphql";
import { type AuthSettings, DEFAULT_AUTH_SETTINGS } from "../auth/auth-settings.js";
import { OIDC_LOGIN_PATH } from "./oidc.settings.js";
import { SignInMethods } from "./sign-in-methods.type.js";

@Resolver()
export class SignInMethodsResolver {
  /** The server's sign-in settings: which methods are on, and the identity provider's name. */
  constructor(private readonly authSettings: AuthSettings = DEFAULT_AUTH_SETTINGS) {}

  @Query(() => SignInMethods, { description: "How console users can sign in; asked before signing in." })
  signInMethods(): SignInMethods {
    const provider = this.authSettings.identityProvider;
    return {
      password: this.authSettings.passwordSignIn !== false,
      identityProvider: provider ? { name: provider.name, signInPath: OIDC_LOGIN_PATH } : null,
    };
  }
}
