import { Field, InputType, Int } from "type-graphql";
import { Role } from "../../shared/role.js";

@InputType("SignInInput")
export class SignInInput {
  @Field()
  email!: string;

  @Field()
  password!: string;
}

@InputType("ChangePasswordInput")
export class ChangePasswordInput {
  @Field()
  currentPassword!: string;

  @Field({ description: "At least 12 characters, not containing the account's email name." })
  newPassword!: string;
}

@InputType("CreateAccessTokenInput")
export class CreateAccessTokenInput {
  @Field({ description: "What the token is for, e.g. `HR leavers feed`." })
  name!: string;

  @Field(() => Role, { description: "At most your own role." })
  role!: Role;

  @Field(() => Int, { description: "Lifetime in days, 1 to 365." })
  expiresInDays!: number;
}
