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

/**
 * Creates a request context whose entity manager is a fresh fork of `options.em`, made when the
 * request first needs one (`forkOnUse`).
 */
export function createRequestContext(options: RequestContextOptions): RequestContext {
  const now = options.now ?? new Date();
  const releases: (() => void)[] = [];
  return {
    em: forkOnUse(options.em, releases),
    requestId: options.requestId,
    now,
    log: options.log,
    loaders: new Map(),
    principal: options.principal ?? null,
    hub: options.hub ?? new InvalidationHub(),
    pendingInvalidations: [],
    instances: options.instances,
    metrics: options.metrics,
    releases,
  };
}

/**
 * Empties a request's context once its answer is written: its loaders, with every row and read
 * model they hold, its entity manager's identity map, what it borrowed from the transport (the
 * session cookie writer and the sign-in throttle hold the HTTP request and reply), and what
 * `releases` names (Apollo's copy of the answer and of the request).
 *
 * Why: an object that outlives the request and still reaches a part of it keeps that part alive
 * through V8's young collections, to be promoted and left for a full collection. Apollo Server's
 * gateway request context (Keyholder executes through a gateway, ADR 0004) had such an object for
 * each operation: a getter/setter pair, allocated in the old generation, closing over Apollo's
 * request context, which holds a shallow copy of this context sharing its fields (~70 kB a keys
 * page before these releases, ~6 kB after; ADR 0017's patch replaced the pair). The context is
 * emptied in place, so that anything else keeping it or its copy keeps little. Nothing may use
 * the context afterwards.
 */
export function releaseRequest(ctx: RequestContext): void {
  for (const release of ctx.releases.splice(0)) release();
  ctx.loaders.clear();
  ctx.em.clear();
  ctx.session = undefined;
  ctx.signInThrottle = undefined;
  ctx.answerBudget = undefined;
}

/**
 * What an entity manager not yet forked answers without forking: the parts a fork shares with
 * the one it is forked from (connection, driver, platform, metadata, configuration, class), and
 * that it is not a promise (so that returning or awaiting it does not fork it).
 */
const SHARED_BEFORE_FORK = new Map<PropertyKey, (root: EntityManager) => unknown>([
  ["getConnection", (root) => root.getConnection.bind(root)],
  ["getDriver", (root) => root.getDriver.bind(root)],
  ["getPlatform", (root) => root.getPlatform.bind(root)],
  ["getMetadata", (root) => root.getMetadata.bind(root)],
  ["config", (root) => root.config],
  ["constructor", (root) => root.constructor],
  ["then", () => undefined],
]);

/** Per entity manager forked from, what `SHARED_BEFORE_FORK` answers for it, made once. */
const answeredBeforeFork = new WeakMap<EntityManager, Map<PropertyKey, unknown>>();

function sharedBeforeFork(root: EntityManager): Map<PropertyKey, unknown> {
  let answers = answeredBeforeFork.get(root);
  if (!answers) {
    answers = new Map([...SHARED_BEFORE_FORK].map(([property, answer]) => [property, answer(root)]));
    answeredBeforeFork.set(root, answers);
  }
  return answers;
}

/**
 * An entity manager that is a fork of `root` itself (its own identity map, `clear: true`, no
 * context; not of a transaction or request context active when it is made), made when it is first
 * used for something only a fork has: a read, a write, a transaction, its identity map. A request
 * that needs none of that, such as a page read as rows (`db/read.ts`) by a caller whose token was
 * cached, makes no fork: making one was ~5% of such a request's CPU, and garbage (a unit of
 * work, an entity loader and factory, their maps). Every use after the first goes to the same
 * fork, its methods bound to it, so that MikroORM reaches its private state on the fork itself. `clear` and
 * `getTransactionContext` ask the fork when called, and answer as a fork not yet made would
 * (nothing to clear, no transaction) until there is one. With `releases` (a request context's),
 * the fork is let go of once the request is answered, as the rest of the request is
 * (`releaseRequest`); nothing may use the entity manager after that.
 */
export function forkOnUse(root: EntityManager, releases?: (() => void)[]): EntityManager {
  const shared = sharedBeforeFork(root);
  let fork: EntityManager | undefined;
  const bound = new Map<PropertyKey, { of: unknown; bound: unknown }>();
  const forked = (): EntityManager => {
    fork ??= root.fork({ clear: true, useContext: false, disableContextResolution: true });
    return fork;
  };
  const whenCalled = new Map<PropertyKey, unknown>([
    ["clear", () => fork?.clear()],
    ["getTransactionContext", () => fork?.getTransactionContext()],
  ]);
  releases?.push(() => {
    fork?.clear();
    fork = undefined;
    bound.clear();
  });
  return new Proxy(Object.create(Object.getPrototypeOf(root)) as EntityManager, {
    get(_target, property) {
      if (whenCalled.has(property)) return whenCalled.get(property);
      if (!fork && shared.has(property)) return shared.get(property);
      const em = forked();
      const value: unknown = Reflect.get(em, property, em);
      if (typeof value !== "function" || property === "constructor") return value;
      // A method is bound once per property (again only if the fork's changes).
      const known = bound.get(property);
      if (known?.of === value) return known.bound;
      const method = value.bind(em);
      bound.set(property, { of: value, bound: method });
      return method;
    },
    has: (_target, property) => (!fork && shared.has(property) ? property in root : Reflect.has(forked(), property)),
    set: (_target, property, value) => Reflect.set(forked(), property, value),
    ownKeys: () => Reflect.ownKeys(forked()),
    getOwnPropertyDescriptor: (_target, property) => Reflect.getOwnPropertyDescriptor(forked(), property),
    defineProperty: (_target, property, descriptor) => Reflect.defineProperty(forked(), property, descriptor),
    deleteProperty: (_target, property) => Reflect.deleteProperty(forked(), property),
  });
}
