import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { PayloadType } from "../../graphql/payload.js";

@ObjectType("KeyReassignment", {
  simpleResolvers: true,
  description: "What moving one key does to where it works.",
})
export class KeyReassignmentType {
  @Field(() => ID, { description: "The key moved." })
  keyId!: string;

  @Field({ description: "The key's name." })
  name!: string;

  @Field({ description: "The public start of the key's secret, unchanged by the move." })
  prefix!: string;

  @Field(() => ID, { description: "The holder the key was taken from." })
  fromHolderId!: string;

  @Field({ description: "That holder's email." })
  fromHolderEmail!: string;

  // Slugs; the fields answer them as services (see reassignment-services.resolver.ts).
  servicesBefore!: string[];
  servicesAfter!: string[];
  gained!: string[];
  lost!: string[];
}

@ObjectType("KeyGain", {
  simpleResolvers: true,
  description: "A key that is not moved but would work on more services: its holder becomes Billing there.",
})
export class KeyGainType {
  @Field(() => ID, { description: "The key." })
  keyId!: string;

  @Field({ description: "The key's name." })
  name!: string;

  @Field({ description: "The public start of the key's secret." })
  prefix!: string;

  @Field({ description: "Who holds it (and is made a Billing collaborator on `gained`)." })
  holderEmail!: string;

  /** Slugs; the field answers them as services. */
  gained!: string[];
}

@ObjectType("Reassignment", {
  simpleResolvers: true,
  description: "What moving keys did: each key, and the roles added so they keep working.",
})
export class ReassignmentType {
  @Field(() => ID, { description: "The new holder." })
  toHolderId!: string;

  @Field({ description: "The new holder's email." })
  toHolderEmail!: string;

  @Field(() => [KeyReassignmentType], { description: "Each key moved." })
  keys!: KeyReassignmentType[];

  /** Slugs; the field answers them as services. */
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

/** `<Mutation>Payload { reassignment errors }` for each mutation that moves keys. */
const reassignPayload = (mutation: string, outcome: string) =>
  PayloadType(mutation, "reassignment", ReassignmentType, { payload: outcome, field: "What was moved." });

export const ReassignApiKeyPayload = reassignPayload(
  "ReassignApiKey",
  "The key moved and the roles added so it keeps working.",
);
export const ReassignApiKeysPayload = reassignPayload(
  "ReassignApiKeys",
  "The keys moved and the roles added so they keep working.",
);

/** What both moves take alike; each input adds its keys, their holder and how access is kept. */
// Registered so subclasses inherit its fields; never an argument's type, so not in the schema.
@InputType()
abstract class MoveInput {
  @Field(() => String, { nullable: true, description: "Why, for the audit trail (up to 1,000 characters)." })
  reason?: string | null;

  @Field(() => Boolean, {
    defaultValue: false,
    description:
      "Allow the move although keys would work on more services than before (else ACCESS_WOULD_WIDEN, one error per key).",
  })
  allowWiderAccess!: boolean;
}

@InputType("ReassignApiKeyInput", { description: "A key and the holder to move it to." })
export class ReassignApiKeyInput extends MoveInput {
  @Field(() => ID, { description: "The key." })
  id!: string;

  @Field(() => ID, { description: "The new holder: a group email, ideally." })
  toHolderId!: string;

  @Field(() => Int, { description: "The key's version you read; a stale one yields VERSION_CONFLICT." })
  version!: number;

  @Field(() => Boolean, {
    defaultValue: true,
    description: "Make the new holder a Billing collaborator wherever the key works today, so nothing breaks.",
  })
  keepAccess!: boolean;
}

@InputType("ReassignApiKeysInput", { description: "Keys and the one holder to move them all to." })
export class ReassignApiKeysInput extends MoveInput {
  @Field(() => [ID], { description: "Up to 10,000 keys, moved together or not at all." })
  ids!: string[];

  @Field(() => ID, { description: "The new holder of every key." })
  toHolderId!: string;

  @Field(() => Boolean, {
    defaultValue: true,
    description:
      "Make the new holder Billing where needed so every key keeps working where it works now (default true).",
  })
  keepAccess!: boolean;
}
