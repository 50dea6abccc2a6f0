import { OptionalProps } from "@mikro-orm/core";
import { Entity, Index, PrimaryKey, Property } from "@mikro-orm/decorators/legacy";

/**
 * A completed offboarding under an idempotency key: the same key again returns this result
 * instead of acting twice (an HR feed that retries, a double click).
 */
@Entity({ tableName: "offboarding_record" })
@Index({ name: "offboarding_record_user_idx", properties: ["userId"] })
export class OffboardingRecord {
  [OptionalProps]?: "createdAt";

  @PrimaryKey({ length: 200 })
  idempotencyKey!: string;

  @Property({ type: "uuid" })
  userId!: string;

  /** SHA-256 of the request's parameters (`requestHash`); null on records kept before requests were hashed. */
  @Property({ type: "character", length: 64, nullable: true })
  requestHash?: string | null;

  @Property({ type: "json" })
  result!: Record<string, unknown>;

  @Property({ type: "datetime", length: 3, defaultRaw: "now()" })
  createdAt: Date = new Date();
}
