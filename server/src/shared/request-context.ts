import type { EntityManager } from "@mikro-orm/postgresql";
import type { Logger } from "../logger.js";
import type { AnswerBudget } from "./answer-budget.js";
import { InvalidationHub, type Topic } from "./invalidation.js";
import type { LoaderCache } from "./loaders.js";
import type { Metrics } from "./metrics.js";
import type { Principal } from "./principal.js";
import type { ResolverInstances } from "./resolver-instances.js";

/**
 * Everything a service needs to act for one request (or one CLI command, or one test): its own
 * identity map, batching loaders, a request id for the logs and audit trail, and one clock
 * reading so a whole request sees a single "now".
 */
export interface RequestContext {
  em: EntityManager;
  requestId: string;
  now: Date;
  log: Logger;
  /** Batching loaders made so far in this request (see `defineLoader`). */
  loaders: LoaderCache;
  /** Who is acting; null for an anonymous caller. */
  principal: Principal | null;
  /** This instance's caches, told after a commit what the write made stale. */
  hub: InvalidationHub;
  /** Topics a running transaction has marked stale, applied locally after it commits. */
  pendingInvalidations: Topic[];
  /** The resolver objects of the server answering this request (HTTP requests only). */
  instances?: ResolverInstances;
  /** Set or clear the session cookie: only the HTTP layer can, so it lends this in. */
  session?: SessionCookieWriter;
  /** Counts a sign-in attempt against the caller's address (HTTP requests only). */
  signInThrottle?: SignInThrottle;
  /** This instance's Prometheus metrics (HTTP requests only). */
  metrics?: Metrics;
  /** Counts the items of unpaged lists in the answer (HTTP requests only). */
  answerBudget?: AnswerBudget;
  /**
   * What to let go of once the answer is written (`releaseRequest`): filled by whoever keeps the
   * request's objects reachable from somewhere that outlives it (Apollo's request context).
   */
  releases: (() => void)[];
}

/**
 * What a sign-in asks the transport before any work: null to go ahead, or the seconds the
 * caller's address must wait (the transport then answers 429 with Retry-After).
 */
export interface SignInThrottle {
  attempt(): number | null;
}

/** What a sign-in or sign-out needs from the transport. */
export interface SessionCookieWriter {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

/** What a request context is made from. */
export interface RequestContextOptions {
  em: EntityManager;
  requestId: string;
  log: Logger;
  principal?: Principal | null;
  hub?: InvalidationHub;
  instances?: ResolverInstances;
  metrics?: Metrics;
  now?: Date;
}

/** Creates a request context on a fresh fork of the entity manager. */
export function createRequestContext(options: RequestContextOptions): RequestContext {
  const fork = options.em.fork({ clear: true, useContext: false });
  const now = options.now ?? new Date();
  return {
    em: fork,
    requestId: options.requestId,
    now,
    log: options.log,
    loaders: new Map(),
    principal: options.principal ?? null,
    hub: options.hub ?? new InvalidationHub(),
    pendingInvalidations: [],
    instances: options.instances,
    metrics: options.metrics,
    releases: [],
  };
}

/**
 * Empties a request's context once its answer is written: its loaders, with every row and read
 * model they hold, its entity manager's identity map, what it borrowed from the transport (the
 * session cookie writer and the sign-in throttle hold the HTTP request and reply), and what
 * `releases` names (Apollo's copy of the answer and of the request).
 *
 * Why: for each operation Apollo Server builds a gateway request context (Keyholder executes
 * through a gateway, ADR 0004) whose `response.http` has a getter/setter pair closing over a copy
 * of Apollo's request context. V8 allocates every accessor pair in the old generation, so after
 * the request that dead pair is a root of each young collection until the next full one, and
 * everything the copy reaches survived young collections to be promoted and left for a full
 * collection: ~70 kB a keys page (docs/performance.md). The copy keeps this context itself, so the
 * context is emptied in place rather than let go of. Nothing may use the context afterwards.
 */
export function releaseRequest(ctx: RequestContext): void {
  for (const release of ctx.releases.splice(0)) release();
  ctx.loaders.clear();
  ctx.em.clear();
  ctx.session = undefined;
  ctx.signInThrottle = undefined;
  ctx.answerBudget = undefined;
}
