import type { Environment } from "../api-key/environment.js";
import type { HolderKind } from "../holder/holder-kind.js";

/** What verification needs to know about one secret (a key's current or previous one). */
export interface CachedKey {
  digest: string;
  keyId: string;
  environment: Environment;
  holderId: string;
  holderEmail: string;
  holderKind: HolderKind;
  /** ms since epoch; null: never expires. */
  expiresAt: number | null;
  revoked: boolean;
  /** Suspended: refused (SUSPENDED) until resumed. */
  suspended: boolean;
  /** For a rotated-out secret: until when it still works (ms); null for the current secret. */
  validUntil: number | null;
  /** Slugs of the live services on which the holder is a Billing collaborator. */
  billingSlugs: Set<string>;
}

const MISSING_TTL_MS = 30_000;

/**
 * The verification cache: secrets by digest, with indexes by key and by holder so a change to
 * either drops exactly the entries it affects. Bounded; the oldest entries go first.
 */
export class KeyCache {
  private readonly byDigest = new Map<string, CachedKey>();
  /**
   * Digests known not to exist (until when), remembered briefly so repeated guesses stay off the
   * database. Kept apart, with its own bound, so a flood of made-up secrets cannot push real
   * keys out of the cache.
   */
  private readonly missing = new Map<string, number>();
  private readonly byKey = new Map<string, Set<string>>();
  private readonly byHolder = new Map<string, Set<string>>();

  constructor(
    private readonly maxEntries = 200_000,
    private readonly maxMissing = 50_000,
  ) {}

  get(digest: string, now: number): CachedKey | "missing" | undefined {
    const entry = this.byDigest.get(digest);
    if (entry) return entry;
    const until = this.missing.get(digest);
    if (until === undefined) return undefined;
    if (until > now) return "missing";
    this.missing.delete(digest);
    return undefined;
  }

  put(entry: CachedKey): void {
    this.evictIfFull();
    this.byDigest.set(entry.digest, entry);
    this.index(this.byKey, entry.keyId, entry.digest);
    this.index(this.byHolder, entry.holderId, entry.digest);
  }

  putMissing(digest: string, now: number): void {
    if (this.missing.size >= this.maxMissing) this.missing.clear();
    this.missing.set(digest, now + MISSING_TTL_MS);
  }

  dropKey(keyId: string): void {
    this.dropAll(this.byKey.get(keyId));
    this.byKey.delete(keyId);
  }

  dropHolder(holderId: string): void {
    this.dropAll(this.byHolder.get(holderId));
    this.byHolder.delete(holderId);
  }

  clear(): void {
    this.byDigest.clear();
    this.missing.clear();
    this.byKey.clear();
    this.byHolder.clear();
  }

  get size(): number {
    return this.byDigest.size;
  }

  private dropAll(digests: Set<string> | undefined): void {
    for (const digest of digests ?? []) this.byDigest.delete(digest);
  }

  private index(map: Map<string, Set<string>>, id: string, digest: string): void {
    let set = map.get(id);
    if (!set) {
      set = new Set();
      map.set(id, set);
    }
    set.add(digest);
  }

  private evictIfFull(): void {
    if (this.byDigest.size < this.maxEntries) return;
    // Maps iterate in insertion order: drop the oldest tenth. Index sets may keep stale digests,
    // which only makes a later drop do a little needless work.
    let n = Math.ceil(this.maxEntries / 10);
    for (const digest of this.byDigest.keys()) {
      this.byDigest.delete(digest);
      if (--n === 0) break;
    }
  }
}
