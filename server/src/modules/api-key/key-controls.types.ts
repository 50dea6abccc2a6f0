import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { PayloadType } from "../../graphql/payload.js";

@InputType("SuspendApiKeyInput", { description: "The key to suspend, and why." })
export class SuspendApiKeyInput {
  @Field(() => ID, { description: "The key; suspending a suspended key changes nothing." })
  id!: string;

  @Field({ description: "Why, kept with the key and in the audit trail (1 to 1,000 characters)." })
  reason!: string;

  @Field(() => Int, { nullable: true, description: "The version you read; a stale one yields VERSION_CONFLICT." })
  version?: number | null;
}

@InputType("ResumeApiKeyInput", { description: "The suspended key to resume." })
export class ResumeApiKeyInput {
  @Field(() => ID, { description: "The key." })
  id!: string;

  @Field(() => String, { nullable: true, description: "Why, for the audit trail." })
  reason?: string | null;

  @Field(() => Int, { nullable: true, description: "The version you read; a stale one yields VERSION_CONFLICT." })
  version?: number | null;
}

@InputType("EndApiKeyOverlapInput", { description: "The key whose previous secret should stop working now." })
export class EndApiKeyOverlapInput {
  @Field(() => ID, { description: "The key." })
  id!: string;

  @Field(() => Int, { nullable: true, description: "The version you read; a stale one yields VERSION_CONFLICT." })
  version?: number | null;
}

@InputType("RevokeApiKeysInput", { description: "Keys to revoke together, with one reason." })
export class RevokeApiKeysInput {
  @Field(() => [ID], { description: "1 to 10,000 keys, revoked together or not at all." })
  ids!: string[];

  @Field({ description: "One reason for them all, kept with each key and in the audit trail." })
  reason!: string;

  @Field(() => String, { nullable: true, description: "The same key twice acts once (8-200 characters)." })
  idempotencyKey?: string | null;
}

@ObjectType("BulkRevocation", { simpleResolvers: true, description: "What revoking many keys at once did." })
export class BulkRevocationType {
  @Field(() => [ID], { description: "Keys this call revoked." })
  revokedIds!: string[];

  @Field(() => [ID], { description: "Keys named that were revoked already, left as they were." })
  alreadyRevokedIds!: string[];

  @Field({ description: "An earlier call with the same idempotency key did the work; this is its result." })
  replayed!: boolean;
}

/** `RevokeApiKeysPayload { revocation errors }`. */
export const RevokeApiKeysPayload = PayloadType("RevokeApiKeys", "revocation", BulkRevocationType, {
  payload: "What revoking many keys did.",
  field: "Which keys were revoked.",
  errors: "Why nothing was changed; empty when the keys were revoked.",
});
