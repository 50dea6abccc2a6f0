import { Field, ObjectType } from "type-graphql";
import { SecretPayloadType, UserError } from "../../graphql/payload.js";
import { CredentialKindType } from "../../shared/credential-kind.type.js";
import type { CredentialKind } from "../../shared/principal.js";
import { Role } from "../../shared/role.js";
import { User } from "../holder/user/user.entity.js";
import { AccessToken } from "./access-token.entity.js";

@ObjectType("Viewer", { description: "The signed-in account, and how it authenticated." })
export class Viewer {
  @Field(() => User, { description: "The account signed in." })
  user!: User;

  @Field(() => Role, { description: "The role in force for this request (a token may have less than its owner)." })
  role!: Role;

  @Field(() => CredentialKindType, { description: "SESSION (console sign-in) or TOKEN (access token)." })
  credentialKind!: CredentialKind;
}

@ObjectType("SignInPayload", { description: "The session started, or why not." })
export class SignInPayload {
  @Field(() => Viewer, {
    nullable: true,
    description: "Who you are now signed in as. Null when `errors` is not empty.",
  })
  viewer?: Viewer | null;

  @Field(() => Date, { nullable: true, description: "When the session ends at the latest." })
  expiresAt?: Date | null;

  @Field(() => [UserError], {
    description: "Why sign-in failed (INVALID_CREDENTIALS, ACCOUNT_LOCKED, RATE_LIMITED…); empty on success.",
  })
  errors!: UserError[];

  /** The session started: whom it signs in, as which role, until when. */
  static fill({ user, expiresAt }: { user: User; expiresAt: Date }) {
    return { viewer: { user, role: user.consoleRole, credentialKind: "SESSION" }, expiresAt };
  }
}

export const CreateAccessTokenPayload = SecretPayloadType("CreateAccessToken", ["accessToken", "secret"], AccessToken, {
  payload: "The token created, with its secret shown this once.",
  field: "The token created.",
  secret: "The token itself, shown this once. Store it now.",
});
