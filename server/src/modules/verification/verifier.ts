import { timingSafeEqual } from "node:crypto";
import type pg from "pg";
import { onQuery } from "../../db/sql-counter.js";
import type { UsageRecorder } from "../../db/usage-recorder.js";
import type { InvalidationHub, Topic } from "../../shared/invalidation.js";
import type { Metrics } from "../../shared/metrics.js";
import { digestSecret, parseSecret } from "../api-key/api-key.secret.js";
import type { Environment } from "../api-key/environment.js";
import type { HolderKind } from "../holder/holder-kind.js";
import { type CachedKey, KeyCache } from "./key-cache.js";
import type { VerifyResult } from "./verification.types.js";
import { VerifyReason } from "./verify-reason.js";

/** The answer to "does this secret work on this service?": the GraphQL type, declared once. */
export type { VerifyResult };

const KEY_COLUMNS = `k.id, k.environment, k.revoked_at is not null as revoked, k.holder_id, h.email, h.kind,
      (extract(epoch from k.expires_at) * 1000)::float8 as expires_ms,
      k.secret_digest = $1 as current,
      (extract(epoch from k.previous_secret_expires_at) * 1000)::float8 as previous_until_ms,
      coalesce((select array_agg(s.slug) from collaborator c join service s on s.id = c.service_id
        where c.holder_id = k.holder_id and c.role = 'BILLING' and s.archived_at is null), '{}') as billing`;
const KEY_FROM = `from api_key k join holder h on h.id = k.holder_id
    where k.secret_digest = $1 or k.previous_secret_digest = $1`;

const LOOKUP = { name: "keyholder_verify_lookup", text: `select ${KEY_COLUMNS} ${KEY_FROM}` };

/**
 * The same, with every service's slug and whether it is archived, for when the service directory
 * is not cached (at start and after an `all` invalidation): still one statement.
 */
const LOOKUP_WITH_SERVICES = {
  name: "keyholder_verify_lookup_with_services",
  text: `select ${KEY_COLUMNS},
      (select coalesce(json_object_agg(s.slug, s.archived_at is not null), '{}'::json) from service s) as services
    ${KEY_FROM}`,
};

/** The directory alone, for the rare hit that finds it dropped. */
const SERVICES = {
  name: "keyholder_verify_services",
  text: "select coalesce(json_object_agg(s.slug, s.archived_at is not null), '{}'::json) as services from service s",
};

/** Every service's slug, and whether it is archived. */
type ServiceDirectory = Map<string, boolean>;

interface LookupRow {
  id: string;
  environment: Environment;
  revoked: boolean;
  holder_id: string;
  email: string;
  kind: HolderKind;
  expires_ms: number | string | null;
  current: boolean;
  previous_until_ms: number | string | null;
  billing: string[] | string;
  services?: Record<string, boolean> | string;
}

const toMs = (v: number | string | null) => (v === null ? null : Number(v));

/** Postgres text[] may arrive unparsed depending on the pool's type parsers. */
function slugs(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, "");
  return inner ? inner.split(",").map((s) => s.replace(/^"|"$/g, "")) : [];
}

/** A JSON column may arrive unparsed depending on the pool's type parsers. */
function directoryOf(value: Record<string, boolean> | string): ServiceDirectory {
  return new Map(Object.entries(typeof value === "string" ? (JSON.parse(value) as Record<string, boolean>) : value));
}

const refuse = (reason: VerifyReason, entry?: CachedKey): VerifyResult => ({
  valid: false,
  reason,
  keyId: entry?.keyId ?? null,
  environment: entry?.environment ?? null,
  holder: entry ? { id: entry.holderId, email: entry.holderEmail, kind: entry.holderKind } : null,
});

/**
 * Answers verification from an in-process cache: a hit costs no SQL; a miss costs one prepared
 * statement. Every write that changes an answer (revoke, rotate, reassign, expiry, Billing
 * collaborations, creating, renaming, archiving and restoring services) publishes an
 * invalidation that reaches this cache at once here and through PostgreSQL NOTIFY on every
 * other instance; while that channel is not known to work, cached keys are not used. Expiry
 * needs no invalidation: it is compared with the clock on every call.
 *
 * Beside the keys it caches the service directory (every slug, archived or not), so a refusal
 * can say that the service does not exist or is archived without a statement of its own; the
 * directory is read in a miss's one statement when it is not cached, and dropped with `all` or
 * `services` (a new slug, which changes no key's answer on the services that already exist).
 */
export class Verifier {
  readonly cache = new KeyCache();
  private services: ServiceDirectory | undefined;
  /** Bumped by every invalidation, so a lookup that raced one does not cache what it read. */
  private generation = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly hub: InvalidationHub,
    private readonly usage: UsageRecorder,
    private readonly metrics?: Metrics,
  ) {
    hub.subscribe((topic) => this.onInvalidate(topic));
  }

  private onInvalidate(topic: Topic): void {
    this.generation++;
    if (topic === "all" || topic === "services") this.services = undefined;
    if (topic === "all") this.cache.clear();
    else if (topic.startsWith("key:")) this.cache.dropKey(topic.slice(4));
    else if (topic.startsWith("holder:")) this.cache.dropHolder(topic.slice(7));
  }

  /** Does `secret` work on the service `serviceSlug` (in `environment`, when given) at `now`? */
  async verify(
    secret: string,
    serviceSlug: string,
    environment: Environment | null,
    now: number,
  ): Promise<VerifyResult> {
    const result = await this.answer(secret, serviceSlug, environment, now);
    this.metrics?.verification(result.reason);
    return result;
  }

  private async answer(
    secret: string,
    serviceSlug: string,
    environment: Environment | null,
    now: number,
  ): Promise<VerifyResult> {
    const parsed = parseSecret(secret);
    if (!parsed) return refuse(VerifyReason.MALFORMED);
    const digest = digestSecret(secret);
    let entry = this.cache.get(digest, now);
    // A cached key is trusted only while this instance is known to hear invalidations (see
    // InvalidationListener); otherwise the database answers, so a revocation made elsewhere counts.
    if (entry !== "missing" && !this.hub.cacheTrusted()) entry = undefined;
    this.metrics?.verifyCacheLookup(entry !== undefined);
    if (entry === undefined) entry = await this.load(digest, now);
    if (entry === "missing") return refuse(VerifyReason.NOT_FOUND);
    if (!timingSafeEqual(Buffer.from(entry.digest, "hex"), Buffer.from(digest, "hex"))) {
      return refuse(VerifyReason.NOT_FOUND);
    }
    if (environment && entry.environment !== environment) return refuse(VerifyReason.WRONG_ENVIRONMENT, entry);
    if (entry.revoked) return refuse(VerifyReason.REVOKED, entry);
    if (
      (entry.expiresAt !== null && entry.expiresAt <= now) ||
      (entry.validUntil !== null && entry.validUntil <= now)
    ) {
      return refuse(VerifyReason.EXPIRED, entry);
    }
    const slug = entry.billingSlugs.has(serviceSlug) ? serviceSlug : serviceSlug.trim().toLowerCase();
    if (!entry.billingSlugs.has(slug)) {
      const archived = (this.services ?? (await this.loadServices())).get(slug);
      if (archived === undefined) return refuse(VerifyReason.SERVICE_NOT_FOUND, entry);
      if (archived) return refuse(VerifyReason.SERVICE_ARCHIVED, entry);
      return refuse(VerifyReason.HOLDER_NOT_BILLING_COLLABORATOR, entry);
    }
    this.usage.touch(entry.keyId, now);
    return { ...refuse(VerifyReason.VALID, entry), valid: true };
  }

  private async load(digest: string, now: number): Promise<CachedKey | "missing"> {
    const generation = this.generation;
    const statement = this.services ? LOOKUP : LOOKUP_WITH_SERVICES;
    onQuery(statement.text);
    const { rows } = await this.pool.query<LookupRow>({ ...statement, values: [digest] });
    const row = rows[0];
    const stale = generation !== this.generation;
    if (row?.services !== undefined && !stale) this.services = directoryOf(row.services);
    if (!row) {
      if (!stale) this.cache.putMissing(digest, now);
      return "missing";
    }
    const entry: CachedKey = {
      digest,
      keyId: row.id,
      environment: row.environment,
      holderId: row.holder_id,
      holderEmail: row.email,
      holderKind: row.kind,
      expiresAt: toMs(row.expires_ms),
      revoked: row.revoked,
      validUntil: row.current ? null : toMs(row.previous_until_ms),
      billingSlugs: new Set(slugs(row.billing)),
    };
    if (!stale) this.cache.put(entry);
    return entry;
  }

  private async loadServices(): Promise<ServiceDirectory> {
    const generation = this.generation;
    onQuery(SERVICES.text);
    const { rows } = await this.pool.query<{ services: Record<string, boolean> | string }>(SERVICES);
    const services = directoryOf(rows[0]?.services ?? {});
    if (generation === this.generation) this.services = services;
    return services;
  }
}
