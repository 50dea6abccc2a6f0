import type { InvalidationHub, Topic } from "../../shared/invalidation.js";
import type { Principal } from "../../shared/principal.js";

interface Entry {
  principal: Principal;
  userId: string;
  tokenId: string;
  expiresAt: number;
  cachedAt: number;
}

/** Cached answers expire after this long even without an invalidation, as a backstop. */
const MAX_AGE_MS = 5 * 60_000;

/**
 * Resolved access tokens by digest, so an authenticated hot path (verification) costs no SQL.
 * Revoking a token (`token:<id>`), or anything that changes what its owner may do — departure,
 * a role change, losing console access (`user:<id>`) — drops the entries at once, here and,
 * through NOTIFY, on every other instance.
 */
export class TokenCache {
  private readonly byDigest = new Map<string, Entry>();
  /** Bumped by every invalidation, so a lookup that raced one does not cache what it read. */
  private generation = 0;

  constructor(
    private readonly hub: InvalidationHub,
    private readonly maxEntries = 10_000,
  ) {
    hub.subscribe((topic) => this.onInvalidate(topic));
  }

  get(digest: string, now: number): Principal | undefined {
    const entry = this.byDigest.get(digest);
    // Only while this instance is known to hear other instances' revocations (InvalidationListener).
    if (!entry || !this.hub.cacheTrusted()) return undefined;
    if (entry.expiresAt <= now || now - entry.cachedAt > MAX_AGE_MS) {
      this.byDigest.delete(digest);
      return undefined;
    }
    return entry.principal;
  }

  /** Taken before a lookup and handed to `put`: what the lookup read is kept only if nothing went stale since. */
  version(): number {
    return this.generation;
  }

  put(digest: string, principal: Principal, expiresAt: Date, now: number, readAt: number): void {
    // An invalidation heard while the lookup was in flight may concern what it read (a revocation
    // committed after its read): caching that would keep a revoked token working.
    if (readAt !== this.generation) return;
    if (!principal.userId || !principal.credentialId) return;
    if (this.byDigest.size >= this.maxEntries) this.byDigest.clear();
    this.byDigest.set(digest, {
      principal,
      userId: principal.userId,
      tokenId: principal.credentialId,
      expiresAt: expiresAt.getTime(),
      cachedAt: now,
    });
  }

  private onInvalidate(topic: Topic): void {
    this.generation++;
    if (topic === "all") {
      this.byDigest.clear();
      return;
    }
    const [kind, id] = topic.split(":", 2);
    if (kind !== "token" && kind !== "user") return;
    for (const [digest, entry] of this.byDigest) {
      if ((kind === "token" && entry.tokenId === id) || (kind === "user" && entry.userId === id)) {
        this.byDigest.delete(digest);
      }
    }
  }
}
