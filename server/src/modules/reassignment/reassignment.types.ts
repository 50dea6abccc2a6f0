import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { UserError } from "../../graphql/payload.js";

@ObjectType("KeyReassignment", {
  simpleResolvers: true,
  description: "What moving one key does to where it works.",
})
export class KeyReassignmentType {
  @Field(() => ID)
  keyId!: string;

  @Field()
  name!: string;

  @Field()
  prefix!: string;

  @Field(() => ID)
  fromHolderId!: string;

  @Field()
  fromHolderEmail!: string;

  @Field(() => [String], { description: "Slugs of the services the key works on before the move." })
  servicesBefore!: string[];

  @Field(() => [String], { description: "…and after it." })
  servicesAfter!: string[];

  @Field(() => [String])
  gained!: string[];

  @Field(() => [String], { description: "Services that stop working (only without keepAccess)." })
  lost!: string[];
}

@ObjectType("KeyGain", {
  simpleResolvers: true,
  description: "A key that is not moved but would work on more services: its holder becomes Billing there.",
})
export class KeyGainType {
  @Field(() => ID)
  keyId!: string;

  @Field()
  name!: string;

  @Field()
  prefix!: string;

  @Field({ description: "Who holds it (and is made a Billing collaborator on `gained`)." })
  holderEmail!: string;

  @Field(() => [String], { description: "Slugs of the services it would start working on." })
  gained!: string[];
}

@ObjectType("Reassignment", { simpleResolvers: true })
export class ReassignmentType {
  @Field(() => ID)
  toHolderId!: string;

  @Field()
  toHolderEmail!: string;

  @Field(() => [KeyReassignmentType])
  keys!: KeyReassignmentType[];

  @Field(() => [String], { description: "Services on which the new holder became a Billing collaborator." })
  billingAdded!: string[];

  @Field(() => [KeyGainType], {
    description: "The new holder's other active keys, which work on `billingAdded` too once it is Billing there.",
  })
  otherKeysGaining!: KeyGainType[];

  @Field({
    description:
      "Some key would work on more services than before (a moved key's `gained`, or `otherKeysGaining`): the move needs allowWiderAccess.",
  })
  widens!: boolean;
}

@ObjectType("ReassignPayload")
export class ReassignPayload {
  @Field(() => ReassignmentType, { nullable: true })
  reassignment?: ReassignmentType | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@InputType("ReassignApiKeyInput")
export class ReassignApiKeyInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: "The new holder: a group email, ideally." })
  toHolderId!: string;

  @Field(() => Int, { description: "The key's version you read; a stale one yields VERSION_CONFLICT." })
  version!: number;

  @Field(() => String, { nullable: true })
  reason?: string | null;

  @Field(() => Boolean, {
    defaultValue: true,
    description: "Make the new holder a Billing collaborator wherever the key works today, so nothing breaks.",
  })
  keepAccess!: boolean;

  @Field(() => Boolean, {
    defaultValue: false,
    description:
      "Allow the move although keys would work on more services than before (else ACCESS_WOULD_WIDEN, one error per key).",
  })
  allowWiderAccess!: boolean;
}

@InputType("ReassignApiKeysInput")
export class ReassignApiKeysInput {
  @Field(() => [ID], { description: "Up to 10,000 keys, moved together or not at all." })
  ids!: string[];

  @Field(() => ID)
  toHolderId!: string;

  @Field(() => String, { nullable: true })
  reason?: string | null;

  @Field(() => Boolean, { defaultValue: true })
  keepAccess!: boolean;

  @Field(() => Boolean, {
    defaultValue: false,
    description:
      "Allow the move although keys would work on more services than before (else ACCESS_WOULD_WIDEN, one error per key).",
  })
  allowWiderAccess!: boolean;
}
