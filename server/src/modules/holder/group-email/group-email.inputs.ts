import { Field, ID, InputType, Int } from "type-graphql";

@InputType("CreateGroupEmailInput")
export class CreateGroupEmailInput {
  @Field()
  email!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType("UpdateGroupEmailInput", { description: "Omitted fields keep their value; a blank description clears it." })
export class UpdateGroupEmailInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType("GroupMembershipInput")
export class GroupMembershipInput {
  @Field(() => ID)
  groupId!: string;

  @Field(() => ID)
  userId!: string;

  @Field(() => String, { nullable: true, description: "Why, for the audit trail." })
  reason?: string | null;
}
