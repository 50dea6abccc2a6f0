import { Field, ID, InputType, Int } from "type-graphql";

@InputType("CreateServiceInput")
export class CreateServiceInput {
  @Field({ description: "Lower-case letters and digits in hyphen-separated words, e.g. `parking-fines`." })
  slug!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType("UpdateServiceInput", { description: "Omitted fields keep their value; a blank description clears it." })
export class UpdateServiceInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => String, { nullable: true })
  slug?: string | null;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType("ArchiveServiceInput")
export class ArchiveServiceInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}
