import { OptionalProps } from "@mikro-orm/core";
import { Entity, PrimaryKey, Property } from "@mikro-orm/decorators/legacy";

/**
 * A bulk revocation done under an idempotency key: the same key again (a retry, a double click)
 * answers this result instead of acting twice; the same key with another request is refused.
 */
@Entity({ tableName: "key_revocation_record" })
export class KeyRevocationRecord {
  [OptionalProps]?: "createdAt";

  @PrimaryKey({ length: 200 })
  idempotencyKey!: string;

  /** SHA-256 (hex) of the request: the sorted key ids and the reason. */
  @Property({ length: 64 })
  request!: string;

  @Property({ type: "json" })
  result!: Record<string, unknown>;

  @Property({ type: "datetime", length: 3, defaultRaw: "now()" })
  createdAt: Date = new Date();
}
