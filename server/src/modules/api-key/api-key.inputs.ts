import { Field, ID, InputType, Int, registerEnumType } from "type-graphql";
import { Environment } from "./environment.js";

/** The lifespans a key can be issued with. */
export enum KeyLifespan {
  DAYS_30 = "DAYS_30",
  DAYS_60 = "DAYS_60",
  DAYS_90 = "DAYS_90",
  DAYS_180 = "DAYS_180",
  DAYS_365 = "DAYS_365",
  NEVER = "NEVER",
}

registerEnumType(KeyLifespan, { name: "KeyLifespan", description: "How long a new key lives; NEVER for no expiry." });

export const LIFESPAN_DAYS: Record<KeyLifespan, number | null> = {
  [KeyLifespan.DAYS_30]: 30,
  [KeyLifespan.DAYS_60]: 60,
  [KeyLifespan.DAYS_90]: 90,
  [KeyLifespan.DAYS_180]: 180,
  [KeyLifespan.DAYS_365]: 365,
  [KeyLifespan.NEVER]: null,
};

@InputType("CreateApiKeyInput", { description: "Give either `lifespan` or `expiresAt`." })
export class CreateApiKeyInput {
  @Field()
  name!: string;

  @Field(() => Environment)
  environment!: Environment;

  @Field(() => ID, { description: "A user or a group email (a group email is the safer holder)." })
  holderId!: string;

  @Field(() => KeyLifespan, { nullable: true })
  lifespan?: KeyLifespan | null;

  @Field(() => Date, { nullable: true, description: "An explicit expiry, in the future." })
  expiresAt?: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The same key with the same parameters issues one key (8-200 characters); with other parameters it is refused (IDEMPOTENCY_KEY_REUSED).",
  })
  idempotencyKey?: string | null;
}

@InputType("UpdateApiKeyInput", { description: "Omitted fields keep their value." })
export class UpdateApiKeyInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => KeyLifespan, {
    nullable: true,
    description: "A new lifespan counted from now (NEVER removes the expiry).",
  })
  lifespan?: KeyLifespan | null;

  @Field(() => Date, { nullable: true })
  expiresAt?: Date | null;
}

@InputType("RevokeApiKeyInput")
export class RevokeApiKeyInput {
  @Field(() => ID)
  id!: string;

  @Field({ description: "Why, kept with the key and in the audit trail." })
  reason!: string;
}

@InputType("RotateApiKeyInput")
export class RotateApiKeyInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, {
    defaultValue: 24,
    description: "Hours the old secret keeps working, 0 to 168 (7 days), so callers can switch over.",
  })
  overlapHours!: number;

  @Field(() => Int, { nullable: true, description: "The version you read; a stale one yields VERSION_CONFLICT." })
  version?: number | null;
}
