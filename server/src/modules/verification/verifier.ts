import { timingSafeEqual } from "node:crypto";
import type pg from "pg";
import { onQuery } from "../../db/sql-counter.js";
import type { UsageRecorder } from "../../db/usage-recorder.js";
import type { InvalidationHub, Topic } from "../../shared/invalidation.js";
import type { Metrics } from "../../shared/metrics.js";
import { importedKeyPrefixesSql, keyBySecretDigestSql } from "../api-key/api-key.queries.js";
import { digestSecret, parseSecret } from "../api-key/api-key.secret.js";
import type { Environment } from "../api-key/environment.js";
import { worksOn } from "../api-key/where-key-works.js";
import type { HolderKind } from "../holder/holder-kind.js";
import { type CachedKey, KeyCache } from "./key-cache.js";
import type { VerifyResult } from "./verification.types.js";
import { VerifyReason } from "./verify-reason.js";

/** The answer to "does this secret work on this service?": the GraphQL type, declared once. */
export type { VerifyResult };

const LOOKUP = { name: "keyholder_verify_lookup", text: keyBySecretDigestSql() };

/**
 * The same, with every service's slug and whether it is archived, for when the service directory
 * is not cached (at start and after an `all` invalidation): still one statement.
 */
const LOOKUP_WITH_SERVICES = {
  name: "keyholder_verify_lookup_with_services",
  text: keyBySecretDigestSql(
    "(select coalesce(json_object_agg(s.slug, s.archived_at is not null), '{}'::json) from service s) as services",
  ),
};

/** The directory alone, for the rare hit that finds it dropped. */
const SERVICES = {
  name: "keyholder_verify_services",
  text: "select coalesce(json_object_agg(s.slug, s.archived_at is not null), '{}'::json) as services from service s",
};

/** The display prefixes of imported keys that have a digest (see ADR 0010). */
const IMPORTED_PREFIXES = {
  name: "keyholder_verify_imported_prefixes",
  text: importedKeyPrefixesSql(),
};

/** Every service's slug, and whether it is archived. */
type ServiceDirectory = Map<string, boolean>;

/** Imported display prefixes by length, so a secret is checked with one slice per length. */
type PrefixSet = Map<number, Set<string>>;

/** A secret that could be a foreign one: printable ASCII without spaces, of a plausible length. */
const FOREIGN_SHAPE = /^[\x21-\x7e]{8,512}$/;

interface LookupRow {
  id: string;
  environment: Environment;
  revoked: boolean;
  suspended: boolean;
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
 * statement. Every write that changes an answer (revoke, suspend, resume, rotate, the end of a
 * rotation's overlap, reassign, expiry, Billing
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
  /**
   * Read in the background at start and again after every `all` invalidation (an import sends
   * one), so that a secret in no known format is refused without a statement of its own.
   */
  private importedPrefixes: Promise<PrefixSet> | undefined;
  /** Bumped by every invalidation, so a lookup that raced one does not cache what it read. */
  private generation = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly hub: InvalidationHub,
    private readonly usage: UsageRecorder,
    private readonly metrics?: Metrics,
  ) {
    hub.subscribe((topic) => this.onInvalidate(topic));
    this.preloadImportedPrefixes();
  }

  /** Starts reading the imported prefixes outside any request; on failure the next caller reads them. */
  private preloadImportedPrefixes(): void {
    const loading = this.loadImportedPrefixes(false);
    this.importedPrefixes = loading;
    loading.catch(() => {
      if (this.importedPrefixes === loading) this.importedPrefixes = undefined;
    });
  }

  private onInvalidate(topic: Topic): void {
    this.generation++;
    if (topic === "all" || topic === "services") this.services = undefined;
    if (topic === "all") {
      this.cache.clear();
      this.preloadImportedPrefixes();
    } else if (topic.startsWith("key:")) this.cache.dropKey(topic.slice(4));
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
    if (!parseSecret(secret) && !(await this.mayBeImported(secret))) return refuse(VerifyReason.MALFORMED);
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
    if (entry.suspended) return refuse(VerifyReason.SUSPENDED, entry);
    if (
      (entry.expiresAt !== null && entry.expiresAt <= now) ||
      (entry.validUntil !== null && entry.validUntil <= now)
    ) {
      return refuse(VerifyReason.EXPIRED, entry);
    }
    // Active by now: it works on the service exactly when its holder is Billing there (unarchived).
    const slug = worksOn(entry.billingSlugs, serviceSlug) ? serviceSlug : serviceSlug.trim().toLowerCase();
    if (!worksOn(entry.billingSlugs, slug)) {
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
      suspended: row.suspended,
      validUntil: row.current ? null : toMs(row.previous_until_ms),
      billingSlugs: new Set(slugs(row.billing)),
    };
    if (!stale) this.cache.put(entry);
    return entry;
  }

  /**
   * Whether a secret not in Keyholder's format starts with the display prefix of an imported key
   * that has a digest: only then is it looked up. Anything else stays MALFORMED without SQL.
   */
  private async mayBeImported(secret: string): Promise<boolean> {
    if (!FOREIGN_SHAPE.test(secret)) return false;
    let prefixes: PrefixSet;
    try {
      prefixes = await (this.importedPrefixes ?? this.loadImportedPrefixes(true));
    } catch {
      prefixes = await this.loadImportedPrefixes(true);
    }
    for (const [length, set] of prefixes) if (set.has(secret.slice(0, length))) return true;
    return false;
  }

  private async loadImportedPrefixes(counted: boolean): Promise<PrefixSet> {
    const generation = this.generation;
    if (counted) onQuery(IMPORTED_PREFIXES.text);
    const { rows } = await this.pool.query<{ prefix: string }>(IMPORTED_PREFIXES);
    const prefixes: PrefixSet = new Map();
    for (const { prefix } of rows) {
      // A prefix shorter than 4 characters would send nearly every foreign string to the database.
      if (prefix.length < 4) continue;
      let set = prefixes.get(prefix.length);
      if (!set) {
        set = new Set();
        prefixes.set(prefix.length, set);
      }
      set.add(prefix);
    }
    if (counted && generation === this.generation) this.importedPrefixes = Promise.resolve(prefixes);
    return prefixes;
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
