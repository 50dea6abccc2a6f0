import { Field, ObjectType } from "type-graphql";
import { UserError } from "../../graphql/payload.js";
import { CredentialKindType } from "../../shared/credential-kind.type.js";
import type { CredentialKind } from "../../shared/principal.js";
import { Role } from "../../shared/role.js";
import { User } from "../holder/user/user.entity.js";
import { AccessToken } from "./access-token.entity.js";

@ObjectType("Viewer", { description: "The signed-in account, and how it authenticated." })
export class Viewer {
  @Field(() => User)
  user!: User;

  @Field(() => Role, { description: "The role in force for this request (a token may have less than its owner)." })
  role!: Role;

  @Field(() => CredentialKindType, { description: "SESSION (console sign-in) or TOKEN (access token)." })
  credentialKind!: CredentialKind;
}

@ObjectType("SignInPayload")
export class SignInPayload {
  @Field(() => Viewer, { nullable: true })
  viewer?: Viewer | null;

  @Field(() => Date, { nullable: true, description: "When the session ends at the latest." })
  expiresAt?: Date | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@ObjectType("CreateAccessTokenPayload")
export class CreateAccessTokenPayload {
  @Field(() => AccessToken, { nullable: true })
  accessToken?: AccessToken | null;

  @Field(() => String, { nullable: true, description: "The token itself, shown this once. Store it now." })
  secret?: string | null;

  @Field(() => [UserError])
  errors!: UserError[];
}
