import type pg from "pg";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** Distinct GraphQL operation names kept as labels; later new names are counted as `other`. */
export const MAX_OPERATION_NAMES = 200;

const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STATEMENTS = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 100];

/**
 * One instance's Prometheus metrics, in a registry of its own (so several servers in one process,
 * as in tests, do not share counts). Every label has a bounded set of values: HTTP routes are
 * Fastify's route patterns, operation names are capped at `MAX_OPERATION_NAMES`, codes and
 * reasons are enums. Hot paths bump label children bound once and kept in maps, so a request
 * allocates no label object.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<"method" | "route" | "status">;
  private readonly graphqlDuration: Histogram<"operation" | "type">;
  private readonly graphqlSql: Histogram<"operation">;
  private readonly errors: Counter<"code" | "source">;
  private readonly verifyAnswers: Counter<"reason">;
  private readonly verifyCache: Counter<"result">;
  private readonly invalidations: Counter<"topic">;
  private readonly offboardings: Counter;
  private readonly offboardedKeys: Counter<"action">;
  private readonly children = new Map<string, Histogram.Internal<string> | Counter.Internal>();
  /** route → method → status class → child: a request finds its child without building a key. */
  private readonly httpChildren = new Map<string, Map<string, Histogram.Internal<string>[]>>();
  private readonly verifyChildren = new Map<string, Counter.Internal>();
  private readonly operationNames = new Set<string>();
  private readonly cacheHit: Counter.Internal;
  private readonly cacheMiss: Counter.Internal;

  constructor() {
    const registers = [this.registry];
    // Process metrics, event-loop lag included (prom-client measures it with monitorEventLoopDelay).
    collectDefaultMetrics({ register: this.registry, prefix: "keyholder_" });
    this.httpDuration = new Histogram({
      name: "keyholder_http_request_duration_seconds",
      help: "HTTP requests by method, route pattern and status class; _count is the request count.",
      labelNames: ["method", "route", "status"],
      buckets: SECONDS,
      registers,
    });
    this.graphqlDuration = new Histogram({
      name: "keyholder_graphql_operation_duration_seconds",
      help: "GraphQL operations by operation name (anonymous, invalid or other when it has none to keep).",
      labelNames: ["operation", "type"],
      buckets: SECONDS,
      registers,
    });
    this.graphqlSql = new Histogram({
      name: "keyholder_graphql_sql_statements",
      help: "SQL statements one GraphQL operation sent, authentication excluded.",
      labelNames: ["operation"],
      buckets: STATEMENTS,
      registers,
    });
    this.errors = new Counter({
      name: "keyholder_errors_total",
      help: "Errors answered, by code: GraphQL errors (source graphql) and mutation payload errors (source payload).",
      labelNames: ["code", "source"],
      registers,
    });
    this.verifyAnswers = new Counter({
      name: "keyholder_verifications_total",
      help: "Verification answers by reason (VALID or why not).",
      labelNames: ["reason"],
      registers,
    });
    this.verifyCache = new Counter({
      name: "keyholder_verify_cache_lookups_total",
      help: "Verification cache lookups: hit or miss (hit ratio = hit / (hit + miss)).",
      labelNames: ["result"],
      registers,
    });
    this.cacheHit = this.verifyCache.labels("hit");
    this.cacheMiss = this.verifyCache.labels("miss");
    this.invalidations = new Counter({
      name: "keyholder_cache_invalidations_total",
      help: "Cache invalidations received (this instance's writes and other instances' NOTIFY), by topic kind.",
      labelNames: ["topic"],
      registers,
    });
    this.offboardings = new Counter({
      name: "keyholder_offboardings_total",
      help: "Offboardings completed (dry runs and replays excluded).",
      registers,
    });
    this.offboardedKeys = new Counter({
      name: "keyholder_offboarded_keys_total",
      help: "Keys of completed offboardings, by what happened to them (reassigned or revoked).",
      labelNames: ["action"],
      registers,
    });
  }

  /** Reports the connection pool (in use, idle, waiting clients) at each scrape. */
  watchPool(pool: pg.Pool): void {
    new Gauge({
      name: "keyholder_db_pool_connections",
      help: "PostgreSQL pool connections by state: in_use, idle, waiting (callers queued for one).",
      labelNames: ["state"],
      registers: [this.registry],
      collect() {
        this.labels("in_use").set(pool.totalCount - pool.idleCount);
        this.labels("idle").set(pool.idleCount);
        this.labels("waiting").set(pool.waitingCount);
      },
    });
  }

  httpRequest(method: string, route: string, statusCode: number, seconds: number): void {
    const statusClass = Math.min(Math.max(Math.floor(statusCode / 100), 1), 5);
    let byMethod = this.httpChildren.get(route);
    if (!byMethod) {
      byMethod = new Map();
      this.httpChildren.set(route, byMethod);
    }
    let byStatus = byMethod.get(method);
    if (!byStatus) {
      byStatus = [];
      byMethod.set(method, byStatus);
    }
    let child = byStatus[statusClass];
    if (!child) {
      child = this.httpDuration.labels(method, route, `${statusClass}xx`);
      byStatus[statusClass] = child;
    }
    child.observe(seconds);
  }

  /**
   * The label for a GraphQL operation: its name while fewer than `MAX_OPERATION_NAMES` distinct
   * names have been seen, `other` after that, `anonymous` without one, `invalid` when the request
   * never got as far as a valid operation. Only a signed-in caller's operation adds a name, so
   * that requests without credentials cannot use up the set and hide the real operations' names.
   */
  operationLabel(name: string | null | undefined, resolved: boolean, signedIn: boolean): string {
    if (!resolved) return "invalid";
    if (!name) return "anonymous";
    if (this.operationNames.has(name)) return name;
    if (!signedIn || this.operationNames.size >= MAX_OPERATION_NAMES || !OPERATION_NAME.test(name)) return "other";
    this.operationNames.add(name);
    return name;
  }

  graphqlOperation(operation: string, type: string, seconds: number, sqlStatements: number | undefined): void {
    this.child(`g ${type} ${operation}`, () => this.graphqlDuration.labels(operation, type)).observe(seconds);
    if (sqlStatements !== undefined) {
      this.child(`s ${operation}`, () => this.graphqlSql.labels(operation)).observe(sqlStatements);
    }
  }

  error(code: string, source: "graphql" | "payload" | "http"): void {
    this.child(`e ${source} ${code}`, () => this.errors.labels(code, source)).inc();
  }

  verification(reason: string): void {
    // Keyed by the reason itself: the verify hot path builds no key string.
    let child = this.verifyChildren.get(reason);
    if (!child) {
      child = this.verifyAnswers.labels(reason);
      this.verifyChildren.set(reason, child);
    }
    child.inc();
  }

  verifyCacheLookup(hit: boolean): void {
    (hit ? this.cacheHit : this.cacheMiss).inc();
  }

  invalidation(topic: string): void {
    const colon = topic.indexOf(":");
    const kind = colon < 0 ? topic : topic.slice(0, colon);
    this.child(`i ${kind}`, () => this.invalidations.labels(kind)).inc();
  }

  offboardingCompleted(reassigned: number, revoked: number): void {
    this.offboardings.inc();
    this.offboardedKeys.labels("reassigned").inc(reassigned);
    this.offboardedKeys.labels("revoked").inc(revoked);
  }

  /** The exposition text, and its content type. */
  async expose(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** The labelled child kept under `key`, made by `make` the first time. */
  private child<T extends Histogram.Internal<string> | Counter.Internal>(key: string, make: () => T): T {
    let child = this.children.get(key) as T | undefined;
    if (!child) {
      child = make();
      this.children.set(key, child);
    }
    return child;
  }
}
