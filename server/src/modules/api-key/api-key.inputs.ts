import { ID, InputType, Int } from "type-graphql";
import { z } from "zod";
import { ErrorCode } from "../../shared/errors.js";
import { type EnumValue, graphqlEnum } from "../../shared/graphql-enum.js";
import { idempotencyKey } from "../../shared/idempotency.js";
import { Checked, keep } from "../../shared/input-contract.js";
import { e, recordId, text, version } from "../../shared/validation.js";
import { Environment } from "./environment.js";

/** The longest a rotated key's old secret keeps working: 7 days. */
export const MAX_OVERLAP_HOURS = 168;

/** The lifespans a key can be issued with. */
export const KeyLifespan = graphqlEnum("KeyLifespan", "How long a new key lives; NEVER for no expiry.", {
  DAYS_30: "Expires 30 days from now.",
  DAYS_60: "Expires 60 days from now.",
  DAYS_90: "Expires 90 days from now.",
  DAYS_180: "Expires 180 days from now.",
  DAYS_365: "Expires 365 days from now.",
  NEVER: "Never expires (a risk the overview lists for production keys held by people).",
});
export type KeyLifespan = EnumValue<typeof KeyLifespan>;

export const LIFESPAN_DAYS: Record<KeyLifespan, number | null> = {
  [KeyLifespan.DAYS_30]: 30,
  [KeyLifespan.DAYS_60]: 60,
  [KeyLifespan.DAYS_90]: 90,
  [KeyLifespan.DAYS_180]: 180,
  [KeyLifespan.DAYS_365]: 365,
  [KeyLifespan.NEVER]: null,
};

const overlapHours = z
  .number()
  .int()
  .min(0, { error: e(ErrorCode.OUT_OF_RANGE, `must be between 0 and ${MAX_OVERLAP_HOURS}`) })
  .max(MAX_OVERLAP_HOURS, { error: e(ErrorCode.OUT_OF_RANGE, `must be between 0 and ${MAX_OVERLAP_HOURS}`) });

@InputType("CreateApiKeyInput", { description: "Give either `lifespan` or `expiresAt`." })
export class CreateApiKeyInput {
  @Checked(text(200), { description: "What the key is for (1 to 200 characters)." })
  name!: string;

  @Checked(z.enum(Environment), () => Environment, {
    description: "PRODUCTION or STAGING; it never changes afterwards.",
  })
  environment!: Environment;

  @Checked(recordId, () => ID, { description: "A user or a group email (a group email is the safer holder)." })
  holderId!: string;

  @Checked(z.enum(KeyLifespan).nullish(), () => KeyLifespan, {
    nullable: true,
    description: "How long the key lives from now; omit it to give `expiresAt` instead.",
  })
  lifespan?: KeyLifespan | null;

  @Checked(z.date().nullish(), () => Date, { nullable: true, description: "An explicit expiry, in the future." })
  expiresAt?: Date | null;

  @Checked(idempotencyKey, () => String, {
    nullable: true,
    description:
      "The same key with the same parameters issues one key (8-200 characters); with other parameters it is refused (IDEMPOTENCY_KEY_REUSED).",
  })
  idempotencyKey?: string | null;
}

@InputType("UpdateApiKeyInput", { description: "Omitted fields keep their value." })
export class UpdateApiKeyInput {
  @Checked(recordId, () => ID, { description: "The key; a revoked one is KEY_REVOKED." })
  id!: string;

  @Checked(version, () => Int, { description: "The key's version you read; a stale one yields VERSION_CONFLICT." })
  version!: number;

  @Checked(keep(text(200)), () => String, { nullable: true, description: "A new name (1 to 200 characters)." })
  name?: string | null;

  @Checked(z.enum(KeyLifespan).nullish(), () => KeyLifespan, {
    nullable: true,
    description: "A new lifespan counted from now (NEVER removes the expiry).",
  })
  lifespan?: KeyLifespan | null;

  @Checked(z.date().nullish(), () => Date, {
    nullable: true,
    description: "A new expiry, in the future; give this or `lifespan`.",
  })
  expiresAt?: Date | null;
}

@InputType("RevokeApiKeyInput", { description: "The key to revoke, and why." })
export class RevokeApiKeyInput {
  @Checked(recordId, () => ID, { description: "The key; revoking a revoked key changes nothing." })
  id!: string;

  @Checked(text(1000), { description: "Why, kept with the key and in the audit trail." })
  reason!: string;
}

@InputType("RotateApiKeyInput", { description: "The key to give a new secret." })
export class RotateApiKeyInput {
  @Checked(recordId, () => ID, {
    description: "The key; a revoked or expired one is refused (KEY_REVOKED, KEY_EXPIRED).",
  })
  id!: string;

  @Checked(overlapHours, () => Int, {
    defaultValue: 24,
    description: "Hours the old secret keeps working, 0 to 168 (7 days), so callers can switch over.",
  })
  overlapHours!: number;

  @Checked(version.nullish(), () => Int, {
    nullable: true,
    description: "The version you read; a stale one yields VERSION_CONFLICT.",
  })
  version?: number | null;
}
