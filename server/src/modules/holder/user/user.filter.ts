import { Field, ID, InputType } from "type-graphql";
import { UserStatus } from "./user-status.js";

@InputType("UserFilter", { description: "Conditions a user must meet; all given conditions apply." })
export class UserFilter {
  @Field(() => String, { nullable: true, description: "Case-insensitive text in the email or the name." })
  search?: string | null;

  @Field(() => UserStatus, { nullable: true, description: "Only users with this status." })
  status?: UserStatus | null;

  @Field(() => ID, { nullable: true, description: "Users that are members of this group email." })
  memberOfGroupId?: string | null;
}
