import { randomUUID } from "node:crypto";
import { OptionalProps, type Rel } from "@mikro-orm/core";
import { Check, Entity, Enum, Index, ManyToOne, Property } from "@mikro-orm/decorators/legacy";
import { Field, Int, ObjectType } from "type-graphql";
import { Node } from "../../graphql/node.js";
import { IdField } from "../../shared/id-field.js";
import { TimestampField } from "../../shared/timestamp-field.js";
import { Holder } from "../holder/holder.entity.js";
import { User } from "../holder/user/user.entity.js";
import { ApiKeyStatus } from "./api-key-status.js";
import { Environment } from "./environment.js";

/**
 * A secret issued to exactly one holder for one environment. Only a SHA-256 digest of the
 * secret is stored. After a rotation the previous digest stays valid until
 * `previousSecretExpiresAt`, so callers can switch over without an outage.
 */
@Entity({ tableName: "api_key" })
@Check({ name: "api_key_name_not_blank", expression: "length(btrim(name)) > 0" })
@Check({ name: "api_key_digest_format", expression: "secret_digest ~ '^[0-9a-f]{64}$'" })
@Check({ name: "api_key_digest_or_imported", expression: "secret_digest is not null or imported_at is not null" })
@Check({
  name: "api_key_previous_secret_pair",
  expression: "(previous_secret_digest is null) = (previous_secret_expires_at is null)",
})
@Check({ name: "api_key_revocation_fields", expression: "(revoked_at is null) = (revoked_reason is null)" })
@Check({ name: "api_key_suspension_fields", expression: "(suspended_at is null) = (suspended_reason is null)" })
@Index({ name: "api_key_created_idx", properties: ["createdAt", "id"] })
@Index({ name: "api_key_holder_idx", properties: ["holder", "createdAt"] })
@Index({ name: "api_key_environment_created_idx", properties: ["environment", "createdAt"] })
@Index({ name: "api_key_expires_idx", properties: ["expiresAt"] })
@Index({ name: "api_key_revoked_idx", properties: ["revokedAt"] })
@Index({ name: "api_key_last_used_idx", properties: ["lastUsedAt"] })
// Partial indexes for the risks overview: active keys by expiry, and by last activity (the
// expression's columns included, so that counting by it is an index-only scan).
@Index({
  name: "api_key_active_expires_idx",
  expression: `create index "api_key_active_expires_idx" on "api_key" ("expires_at") where revoked_at is null`,
})
@Index({
  name: "api_key_active_activity_idx",
  expression: `create index "api_key_active_activity_idx" on "api_key" ((coalesce(last_used_at, created_at))) include (expires_at, last_used_at, created_at) where revoked_at is null`,
})
// A holder's latest expiry among its active keys (`infinity` for none), in one probe: the risks
// overview's per-holder time (Migration20261205003000_risk_service_works).
@Index({
  name: "api_key_holder_works_idx",
  expression: `create index "api_key_holder_works_idx" on "api_key" ("holder_id", (coalesce(expires_at, 'infinity'::timestamptz))) where revoked_at is null`,
})
// The keys last used before they were created: the part of the unused filter that the walk of
// the newest keys from the window's start does not reach (`keyFilterParts`).
@Index({
  name: "api_key_used_before_created_idx",
  expression: `create index "api_key_used_before_created_idx" on "api_key" ("created_at", "id") where last_used_at < created_at`,
})
// Each holder's unrevoked keys newest first: the keys working on a service are a merge of walks of
// its Billing collaborators' keys (`keyFilterHolders`). The expiry included lets a holder's active
// keys be counted from the index alone (the offboarding plan's `planFactsOf`).
@Index({
  name: "api_key_holder_active_created_idx",
  expression: `create index "api_key_holder_active_created_idx" on "api_key" ("holder_id", "created_at", "id") include ("expires_at") where revoked_at is null`,
})
// A key by its prefix (`kh_live_4Fq…`), exactly or left-anchored, whatever the database's collation;
// with its creation and id, so a search by prefix finds its newest keys from the index alone.
@Index({
  name: "api_key_prefix_created_idx",
  expression: `create index "api_key_prefix_created_idx" on "api_key" ("prefix" varchar_pattern_ops, "created_at", "id")`,
})
// The display prefixes of imported keys that can be verified: the verifier looks up a secret not in
// Keyholder's own format only when it starts with one of them.
@Index({
  name: "api_key_imported_prefix_idx",
  expression: `create index "api_key_imported_prefix_idx" on "api_key" ("prefix") where imported_at is not null and secret_digest is not null`,
})
// The keys list's sorts: each sort value with the id, so a page after a cursor is one index range.
@Index({
  name: "api_key_name_sort_idx",
  expression: `create index "api_key_name_sort_idx" on "api_key" ((lower(name)), "id")`,
})
@Index({
  name: "api_key_last_used_sort_idx",
  expression: `create index "api_key_last_used_sort_idx" on "api_key" ((coalesce(last_used_at, '-infinity'::timestamptz)), "id")`,
})
@Index({
  name: "api_key_expires_sort_idx",
  expression: `create index "api_key_expires_sort_idx" on "api_key" ((coalesce(expires_at, 'infinity'::timestamptz)), "id")`,
})
@Index({
  name: "api_key_name_trgm_idx",
  expression: "create index api_key_name_trgm_idx on api_key using gin (lower(name) gin_trgm_ops)",
})
@ObjectType("ApiKey", {
  implements: Node,
  simpleResolvers: true,
  description: "An API key: a secret issued to one holder for one environment.",
})
export class ApiKey {
  [OptionalProps]?: "createdAt" | "updatedAt" | "version" | "verifiable";

  @IdField("The key's id (never the secret).")
  id: string = randomUUID();

  @Field({ description: "What the key is for, e.g. `Parking fines sync`." })
  @Property({ length: 200 })
  name!: string;

  @Field(() => Environment, { description: "PRODUCTION or STAGING; set at issue, never changed." })
  @Enum({ items: () => Environment, length: 10 })
  environment!: Environment;

  @Field(() => Holder, { description: "The user or group email responsible for the key now." })
  @ManyToOne(() => Holder, { deleteRule: "restrict" })
  holder!: Rel<Holder>;

  @Field({ description: "The public start of the secret (e.g. `kh_live_4Fq9zX`), safe to display." })
  @Property({ length: 32 })
  prefix!: string;

  /**
   * Hex SHA-256 of the secret. Never exposed through the API. Null only for a key imported
   * without its digest: tracked, but its secret cannot be verified here.
   */
  @Property({ length: 64, nullable: true, unique: "api_key_secret_digest_key" })
  secretDigest!: string | null;

  @TimestampField("When the key was brought in by an inventory import.", { nullable: true })
  importedAt: Date | null = null;

  /**
   * What an import knew the key as (the digest its file gave, or `holder id/environment/name/prefix`),
   * kept through rotations and renames so that a re-import finds it. Not in the API.
   */
  @Property({ type: "text", nullable: true, unique: "api_key_imported_as_key" })
  importedAs: string | null = null;

  @Field(() => Boolean, {
    description:
      "Whether Keyholder can verify the key's secret. False for a key imported without its secret's SHA-256 digest: it is tracked (holder, services, expiry, risks, offboarding) but never verifies here.",
  })
  get verifiable(): boolean {
    return this.secretDigest !== null;
  }

  @Field(() => String, { nullable: true, description: "Display prefix of the secret replaced by the last rotation." })
  @Property({ length: 32, nullable: true })
  previousPrefix: string | null = null;

  @Property({ length: 64, nullable: true, unique: "api_key_previous_secret_digest_key" })
  previousSecretDigest: string | null = null;

  @TimestampField("Until when the secret replaced by the last rotation still works.", { nullable: true })
  previousSecretExpiresAt: Date | null = null;

  @TimestampField("When the secret was last replaced; null if never.", { nullable: true })
  rotatedAt: Date | null = null;

  @TimestampField("Null when the key never expires.", { nullable: true })
  expiresAt: Date | null = null;

  @TimestampField("When the key was revoked; null while it is not.", { nullable: true })
  revokedAt: Date | null = null;

  @ManyToOne(() => User, { nullable: true, deleteRule: "set null" })
  revokedBy: Rel<User> | null = null;

  @Field(() => String, { nullable: true, description: "The reason given when revoking; null while not revoked." })
  @Property({ type: "text", nullable: true })
  revokedReason: string | null = null;

  @TimestampField("Since when the key is suspended: verification refuses it (SUSPENDED) until it is resumed.", {
    nullable: true,
  })
  suspendedAt: Date | null = null;

  @Field(() => String, { nullable: true, description: "Why the key is suspended." })
  @Property({ type: "text", nullable: true })
  suspendedReason: string | null = null;

  @TimestampField("When a verification last accepted the key (to the minute); null if never.", { nullable: true })
  lastUsedAt: Date | null = null;

  @Field(() => Int, { description: "Optimistic-locking version: send it back when updating." })
  @Property({ version: true })
  version!: number;

  @TimestampField("When the key was issued.", { defaultNow: true })
  createdAt: Date = new Date();

  @ManyToOne(() => User, { nullable: true, deleteRule: "set null" })
  createdBy: Rel<User> | null = null;

  @Field({ description: "When the key last changed in any way." })
  @Property({ type: "datetime", length: 3, defaultRaw: "now()", onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  /** The key's state at `now`: revocation wins over expiry. */
  statusAt(now: Date): ApiKeyStatus {
    if (this.revokedAt) return ApiKeyStatus.REVOKED;
    if (this.expiresAt && this.expiresAt.getTime() <= now.getTime()) return ApiKeyStatus.EXPIRED;
    return ApiKeyStatus.ACTIVE;
  }
}
