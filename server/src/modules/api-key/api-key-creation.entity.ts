import { OptionalProps, type Rel } from "@mikro-orm/core";
import { Entity, Index, ManyToOne, PrimaryKey, Property } from "@mikro-orm/decorators/legacy";
import { ApiKey } from "./api-key.entity.js";

/**
 * A key created under an idempotency key: the same key and parameters again answer this key
 * (without its secret, shown once) instead of issuing a second one.
 */
@Entity({ tableName: "api_key_creation" })
@Index({ name: "api_key_creation_key_idx", properties: ["key"] })
export class ApiKeyCreation {
  [OptionalProps]?: "createdAt";

  @PrimaryKey({ length: 200 })
  idempotencyKey!: string;

  /** SHA-256 of the request's parameters (`requestHash`). */
  @Property({ type: "character", length: 64 })
  requestHash!: string;

  @ManyToOne(() => ApiKey, { deleteRule: "cascade" })
  key!: Rel<ApiKey>;

  /** The warnings of the first answer, repeated by a replay. */
  @Property({ type: "json" })
  warnings!: { code: string; message: string }[];

  @Property({ type: "datetime", length: 3, defaultRaw: "now()" })
  createdAt: Date = new Date();
}
