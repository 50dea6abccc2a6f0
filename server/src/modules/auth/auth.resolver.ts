import { Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { ConnectionType } from "../../graphql/connection.js";
import { IdInput, type IdInputShape } from "../../graphql/id-input.js";
import { PayloadMutation, PayloadMutations } from "../../graphql/mutation.js";
import { PageArgs } from "../../graphql/page.args.js";
import { PayloadType } from "../../graphql/payload.js";
import { requireRole } from "../../shared/access.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { holderById } from "../holder/holder.loaders.js";
import { User } from "../holder/user/user.entity.js";
import { AccessToken } from "./access-token.entity.js";
import { createAccessToken, listAccessTokens, revokeAccessToken } from "./access-token.service.js";
import { AccessTokenStatus } from "./access-token-status.js";
import { ChangePasswordInput, CreateAccessTokenInput, SignInInput } from "./auth.inputs.js";
import { CreateAccessTokenPayload, SignInPayload, Viewer } from "./auth.types.js";
import { type AuthSettings, DEFAULT_AUTH_SETTINGS } from "./auth-settings.js";
import { changePassword, signIn, signOut } from "./session.service.js";

const RevokeAccessTokenInput = IdInput("RevokeAccessToken", {
  input: "The access token to revoke.",
  id: "The token: your own, or anyone's as ADMIN.",
});
const SignOutPayload = PayloadType("SignOut", "signedOut", Boolean, {
  payload: "The end of a console session.",
  field: "True when a console session ended; false when the request had none (an access token, or no sign-in).",
});
const RevokeAccessTokenPayload = PayloadType("RevokeAccessToken", "accessToken", AccessToken, {
  payload: "The access token revoked.",
  field: "The token, now revoked.",
});
const ChangePasswordPayload = PayloadType("ChangePassword", "user", User, {
  payload: "The account whose password changed; its other sessions have ended.",
  field: "Your account.",
});
/** A page of access tokens, newest first. */
const AccessTokenConnection = ConnectionType("AccessToken", AccessToken);

@ArgsType()
class AccessTokensArgs {
  @Field(() => ID, { nullable: true, description: "Whose tokens (ADMIN for anyone but yourself)." })
  userId?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Everyone's tokens (ADMIN)." })
  all?: boolean | null;
}

@Resolver(() => AccessToken)
export class AuthResolver {
  constructor(private readonly authSettings: AuthSettings = DEFAULT_AUTH_SETTINGS) {}

  @Authorized(Role.VIEWER)
  @Query(() => Viewer, { description: "Who you are signed in as." })
  async me(@Ctx() ctx: RequestContext): Promise<Viewer> {
    const principal = requireRole(ctx.principal);
    const user = await ctx.em.findOneOrFail(User, { id: principal.userId ?? "" });
    return { user, role: principal.role, credentialKind: principal.credentialKind };
  }

  @PayloadMutation({
    role: "PUBLIC",
    payload: SignInPayload,
    description: "Signs in to the console; sets an httpOnly session cookie.",
    input: { type: SignInInput, description: "Your email and password." },
  })
  signIn(input: SignInInput, ctx: RequestContext) {
    return signIn(ctx, input, this.authSettings);
  }

  @Authorized(Role.VIEWER)
  @Query(() => AccessTokenConnection, {
    description: "Access tokens, newest first; revoked and expired ones included.",
  })
  async accessTokens(
    @Args(() => AccessTokensArgs) args: AccessTokensArgs,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ) {
    return new AccessTokenConnection(await listAccessTokens(ctx, requireRole(ctx.principal), args, page));
  }

  @FieldResolver(() => User, { description: "The token's owner." })
  owner(@Root() token: AccessToken, @Ctx() ctx: RequestContext) {
    return holderById(ctx).load(token.user.id);
  }

  @FieldResolver(() => AccessTokenStatus, { description: "ACTIVE, EXPIRED or REVOKED, as of this request." })
  status(@Root() token: AccessToken, @Ctx() ctx: RequestContext): AccessTokenStatus {
    if (token.revokedAt) return AccessTokenStatus.REVOKED;
    return token.expiresAt <= ctx.now ? AccessTokenStatus.EXPIRED : AccessTokenStatus.ACTIVE;
  }
}

/** What a signed-in account does to its own session, password and access tokens. */
export const AuthMutations = PayloadMutations(Role.VIEWER, {
  signOut: {
    payload: SignOutPayload,
    description: "Ends the current session and clears its cookie.",
    run: (ctx) => signOut(ctx),
  },
  changePassword: {
    payload: ChangePasswordPayload,
    description: "Changes your password; your other sessions end.",
    input: { type: ChangePasswordInput, description: "Your current password and the new one." },
    run: changePassword,
  },
  createAccessToken: {
    payload: CreateAccessTokenPayload,
    description:
      "Creates a personal access token; the secret is shown once. Only while signed in to the console: an access token cannot create another (SESSION_REQUIRED).",
    input: { type: CreateAccessTokenInput, description: "The token's name, role and lifetime." },
    run: async (ctx, input: CreateAccessTokenInput) => {
      const { token, secret } = await createAccessToken(ctx, requireRole(ctx.principal), input);
      return { accessToken: token, secret };
    },
  },
  revokeAccessToken: {
    payload: RevokeAccessTokenPayload,
    description: "Revokes a token: your own, or anyone's as ADMIN. Idempotent.",
    input: { type: RevokeAccessTokenInput, description: "The token to revoke." },
    run: (ctx, input: IdInputShape) => revokeAccessToken(ctx, requireRole(ctx.principal), input.id),
  },
});
