import { Entity, Index, PrimaryKey, Property } from "@mikro-orm/decorators/legacy";

// Written by the database's triggers (Migration20261204143000_risk_summaries,
// Migration20261204203000_risk_group_members, Migration20261205003000_risk_service_works and
// Migration20261204160000_risk_counts_per_transaction, Migration20261205070000_risk_group_count) and, to fold `risk_key_count`'s rows, by
// the risks overview, which reads them with SQL; declared here so that the schema check knows the
// tables.

/** Per holder: its class and whether it is a Billing collaborator on some unarchived service. */
@Entity({ tableName: "risk_holder" })
@Index({
  name: "risk_holder_not_billing_idx",
  expression: `create index "risk_holder_not_billing_idx" on "risk_holder" ("holder_id") where not billing`,
})
export class RiskHolder {
  @PrimaryKey({ type: "uuid" })
  holderId!: string;

  /** USER_ACTIVE, USER_DEPARTED or GROUP. */
  @Property({ type: "text" })
  holderClass!: string;

  @Property({ type: "boolean" })
  billing!: boolean;
}

/**
 * Unrevoked keys counted by environment, holder class, holder billing and UTC expiry day: the sum
 * of `n` over `xact`, each writing transaction adding to rows of its own (so no writer waits on
 * another's), folded into `xact = 0` when the risks are read.
 */
@Entity({ tableName: "risk_key_count" })
@Index({
  name: "risk_key_count_unfolded_idx",
  expression: `create index "risk_key_count_unfolded_idx" on "risk_key_count" ("xact") where xact <> 0`,
})
// The days ahead, which the overview sums, among every day a key ever expired on.
@Index({ name: "risk_key_count_expires_idx", properties: ["expiresOn"] })
export class RiskKeyCount {
  @PrimaryKey({ type: "text" })
  environment!: string;

  @PrimaryKey({ type: "text" })
  holderClass!: string;

  @PrimaryKey({ type: "boolean" })
  billing!: boolean;

  /** `infinity` for keys that never expire. */
  @PrimaryKey({ type: "date" })
  expiresOn!: string;

  /** The transaction that wrote the row, 0 once folded. */
  @PrimaryKey({ type: "bigint" })
  xact!: string;

  @Property({ type: "bigint" })
  n!: string;
}

/** Per group email: its email and how many of its members are active users (see Migration20261204203000_risk_group_members). */
@Entity({ tableName: "risk_group" })
@Index({
  name: "risk_group_few_members_idx",
  expression: `create index "risk_group_few_members_idx" on "risk_group" ("email") where active_members < 2`,
})
export class RiskGroup {
  @PrimaryKey({ type: "uuid" })
  groupId!: string;

  @Property({ length: 254 })
  email!: string;

  @Property({ type: "integer" })
  activeMembers!: number;
}

/**
 * How many group emails have fewer than 2 active members (`risk_group_few_members_idx`): the sum
 * of `n` over `xact`, each writing transaction adding to a row of its own, folded into `xact = 0`
 * when the risks are read. See Migration20261205070000_risk_group_count.
 */
@Entity({ tableName: "risk_group_count" })
export class RiskGroupCount {
  @PrimaryKey({ type: "bigint", autoincrement: false })
  xact!: string;

  @Property({ type: "bigint" })
  n!: string;
}

/**
 * Per holder: until when some key of it is active, the latest expiry of its unrevoked keys
 * (`infinity` if one never expires, `-infinity` if it has none). See
 * Migration20261205003000_risk_service_works.
 */
@Entity({ tableName: "risk_holder_works" })
export class RiskHolderWorks {
  @PrimaryKey({ type: "uuid" })
  holderId!: string;

  @Property({ type: "timestamptz" })
  worksUntil!: Date;
}

/**
 * Per service: its slug and until when some key works on it, the latest of its Billing
 * collaborators' `risk_holder_works` times; null when it is archived or has no Billing
 * collaborator. A live service has no working key now when its time is at or before now.
 */
@Entity({ tableName: "risk_service" })
@Index({
  name: "risk_service_works_idx",
  expression: `create index "risk_service_works_idx" on "risk_service" ("works_until") include ("slug")`,
})
export class RiskService {
  @PrimaryKey({ type: "uuid" })
  serviceId!: string;

  @Property({ length: 63 })
  slug!: string;

  @Property({ type: "timestamptz", nullable: true })
  worksUntil!: Date | null;
}
