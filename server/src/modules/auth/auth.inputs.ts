import { Field, InputType, Int } from "type-graphql";
import { z } from "zod";
import { ErrorCode } from "../../shared/errors.js";
import { Checked } from "../../shared/input-contract.js";
import { Role } from "../../shared/role.js";
import { e, text } from "../../shared/validation.js";
import { MAX_TOKEN_DAYS } from "./access-token.limits.js";

const tokenDays = z
  .number()
  .int()
  .min(1, { error: e(ErrorCode.OUT_OF_RANGE, `must be between 1 and ${MAX_TOKEN_DAYS} days`) })
  .max(MAX_TOKEN_DAYS, { error: e(ErrorCode.OUT_OF_RANGE, `must be between 1 and ${MAX_TOKEN_DAYS} days`) });

@InputType("SignInInput", { description: "An email and password to sign in with." })
export class SignInInput {
  @Field({ description: "The account's email." })
  email!: string;

  @Field({ description: "The account's console password." })
  password!: string;
}

@InputType("ChangePasswordInput", { description: "Your current password and the new one." })
export class ChangePasswordInput {
  @Field({ description: "The password you sign in with now; a wrong one is INVALID_CREDENTIALS." })
  currentPassword!: string;

  @Field({ description: "At least 12 characters, not containing the account's email name." })
  newPassword!: string;
}

@InputType("CreateAccessTokenInput", { description: "The name, role and lifetime of a new personal access token." })
export class CreateAccessTokenInput {
  @Checked(text(100), { description: "What the token is for, e.g. `HR leavers feed`." })
  name!: string;

  @Checked(z.enum(Role), () => Role, { description: "At most your own role." })
  role!: Role;

  @Checked(tokenDays, () => Int, { description: "Lifetime in days, 1 to 365." })
  expiresInDays!: number;
}
