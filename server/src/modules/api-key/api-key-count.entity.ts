import { Entity, Index, PrimaryKey, Property } from "@mikro-orm/decorators/legacy";

/**
 * Keys counted by environment, holder kind, revoked, suspended and, for unrevoked keys, UTC expiry
 * day (`infinity` for none and for revoked keys, `-infinity` for days folded away): the sum of `n`
 * over `xact`, each writing transaction adding to rows of its own, folded into `xact = 0` when the
 * keys list counts. Written only by the database's triggers and fold (Migration20261205040000_api_key_counts);
 * declared here so that the schema check knows the table. Read by `api-key.count.ts`.
 */
@Entity({ tableName: "api_key_count" })
@Index({
  name: "api_key_count_unfolded_idx",
  expression: `create index "api_key_count_unfolded_idx" on "api_key_count" ("xact") where xact <> 0`,
})
@Index({ name: "api_key_count_day_idx", properties: ["expiresOn"] })
export class ApiKeyCount {
  @PrimaryKey({ type: "text" })
  environment!: string;

  @PrimaryKey({ type: "text" })
  holderKind!: string;

  @PrimaryKey({ type: "boolean" })
  revoked!: boolean;

  @PrimaryKey({ type: "boolean" })
  suspended!: boolean;

  @PrimaryKey({ type: "date" })
  expiresOn!: string;

  /** The transaction that wrote the row, 0 once folded. */
  @PrimaryKey({ type: "bigint" })
  xact!: string;

  @Property({ type: "bigint" })
  n!: string;
}
