import { Field, ID, InputType, Int } from "type-graphql";

@InputType("CreateUserInput")
export class CreateUserInput {
  @Field()
  email!: string;

  @Field()
  name!: string;
}

@InputType("UpdateUserInput", { description: "Omitted fields keep their value." })
export class UpdateUserInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: "The version you read; a stale one yields VERSION_CONFLICT." })
  version!: number;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  name?: string | null;
}
