import type { ResultOf, TadaDocumentNode, VariablesOf } from "@keyholder/graphql";
import type { MikroORM } from "@mikro-orm/postgresql";
import type { FastifyInstance } from "fastify";
import { type DocumentNode, print } from "graphql";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { RateLimits } from "../http/rate-limit/rate-limit.plugin.js";
import { createHttpServer } from "../http/server.js";
import type { ListenerTiming } from "../shared/invalidation.js";
import { Role } from "../shared/role.js";
import { issueTestToken } from "./auth.js";
import { createTestDatabase, type TestDatabase } from "./database.js";
import { capturingLogger } from "./log.js";

// biome-ignore lint/suspicious/noExplicitAny: an untyped query's data is JSON whose shape each test asserts on.
type Json = Record<string, any>;

/**
 * Documents for the tests, typed by the schema as the console's and the client's are: write them
 * with `graphql()` and the result and variables of `gql(document, …)` and `execute(document, …)`
 * follow from them (an unknown field, or a variable of the wrong type, is a type error).
 */
export { graphql, type ResultOf, readFragment, UserErrorFields, type VariablesOf } from "@keyholder/graphql";

// biome-ignore lint/suspicious/noExplicitAny: any typed document, whatever its result and variables.
type AnyDocument = TadaDocumentNode<any, any>;

/** The `input` variable of a mutation document, for helpers that fill in part of it. */
export type InputOf<D extends AnyDocument> = VariablesOf<D> extends { input: infer I } ? I : never;

/** A GraphQL response as a test sees it. */
export interface GqlResult<T = Json> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
  sqlStatements: number;
  headers: Record<string, unknown>;
}

/**
 * Sends GraphQL as one kind of caller: a typed document gets its typed result; a query string
 * (kept for what a document cannot say: malformed queries, wrongly typed variables, raw bodies)
 * gets JSON.
 */
export interface GqlClient {
  <D extends AnyDocument>(
    document: D,
    variables?: VariablesOf<D>,
    headers?: Record<string, string>,
  ): Promise<GqlResult<ResultOf<D>>>;
  <T = Json>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GqlResult<T>>;
}

/** `client` sending `extra` headers with every request (a call's own headers win). */
export function withHeaders(client: GqlClient, extra: Record<string, string>): GqlClient {
  const send = client as (query: unknown, variables?: unknown, headers?: Record<string, string>) => Promise<GqlResult>;
  return ((query: unknown, variables?: unknown, headers: Record<string, string> = {}) =>
    send(query, variables, { ...extra, ...headers })) as GqlClient;
}

/** The text sent for a query string or a document. */
const queryText = (query: string | DocumentNode): string => (typeof query === "string" ? query : print(query));

/**
 * The Keyholder HTTP server on a test database, driven in-process, with its log captured.
 * `gql` acts as an ADMIN through a real access token; `as(role)` as another role, and
 * `anonymous` with no credentials. The acting accounts have emails at `@keyholder.test`.
 */
export interface TestApi {
  app: FastifyInstance;
  logLines: string[];
  gql: GqlClient;
  as(role: Role): GqlClient;
  anonymous: GqlClient;
  /**
   * Runs a typed document (as an ADMIN unless `role` says otherwise) and returns its data,
   * throwing on any GraphQL error: for the steps of a test that must simply succeed.
   */
  execute<D extends AnyDocument>(document: D, variables?: VariablesOf<D>, role?: Role): Promise<ResultOf<D>>;
  /** The bearer token used for a role (created on first use, again after a reset). */
  tokenFor(role: Role): Promise<{ token: string; userId: string }>;
  close(): Promise<void>;
}

/** Builds the real HTTP server (Fastify + Apollo) over the test database. */
export async function createTestApi(
  db: TestDatabase,
  options: {
    production?: boolean;
    trustProxy?: boolean;
    invalidation?: ListenerTiming;
    signInRateLimit?: number;
    rateLimits?: RateLimits;
    maxResponseBytes?: number;
    metricsToken?: string;
    maxUnpagedItems?: number;
    scim?: { token?: string; autoCompleteExact?: boolean; publicUrl?: string };
    /** Another ORM over the same database (e.g. with other pool settings); by default the database's own. */
    orm?: MikroORM;
  } = {},
): Promise<TestApi> {
  const { logger, lines: logLines } = capturingLogger();
  const app = await createHttpServer({
    orm: options.orm ?? db.orm,
    logger,
    production: options.production ?? false,
    trustProxy: options.trustProxy ?? false,
    databaseUrl: db.url,
    invalidation: options.invalidation,
    metricsToken: options.metricsToken,
    authSettings: { sessionIdleMs: 30 * 60_000, sessionMaxMs: 12 * 3_600_000 },
    signInRateLimit: options.signInRateLimit,
    rateLimits: options.rateLimits,
    maxResponseBytes: options.maxResponseBytes,
    maxUnpagedItems: options.maxUnpagedItems,
    scim: options.scim,
  });
  await app.ready();

  const tokens = new Map<Role, Promise<{ token: string; userId: string }>>();
  db.onReset(() => {
    tokens.clear();
    // The reset emptied the tables behind the server's back.
    app.forgetCaches();
  });
  const tokenFor = (role: Role) => {
    let token = tokens.get(role);
    if (!token) {
      token = issueTestToken(db.orm.em.fork(), role);
      tokens.set(role, token);
    }
    return token;
  };

  const send = async (
    query: string | DocumentNode,
    variables?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<GqlResult<Json>> => {
    const response = await app.inject({
      method: "POST",
      url: "/graphql",
      headers: { "content-type": "application/json", ...headers },
      payload: JSON.stringify({ query: queryText(query), variables }),
    });
    const body = response.json();
    const timing = String(response.headers["server-timing"] ?? "");
    return {
      status: response.statusCode,
      data: body.data,
      errors: body.errors,
      sqlStatements: Number(/sql;desc="(\d+) statements"/.exec(timing)?.[1] ?? Number.NaN),
      headers: response.headers,
    };
  };
  const as = (role: Role): GqlClient =>
    (async (query: string | DocumentNode, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
      send(query, variables, {
        authorization: `Bearer ${(await tokenFor(role)).token}`,
        ...headers,
      })) as GqlClient;
  const execute = async <D extends AnyDocument>(document: D, variables?: VariablesOf<D>, role: Role = Role.ADMIN) => {
    const res = await as(role)(document, variables);
    if (res.errors?.length || !res.data) {
      throw new Error(`GraphQL answered ${res.status}: ${JSON.stringify(res.errors ?? res.data)}`);
    }
    return res.data;
  };

  return {
    app,
    logLines,
    gql: as(Role.ADMIN),
    as,
    anonymous: send as GqlClient,
    execute,
    tokenFor,
    close: () => app.close(),
  };
}

/**
 * The usual life of a test file's database and API: created before its tests (the API with
 * `options`, answering services by their slugs when `serviceSlugs` is set, see `withServiceSlugs`)
 * and handed to `created`, every table emptied before each test (unless `reset` is false), closed
 * after.
 */
export function useTestApi(
  created: (test: { db: TestDatabase; api: TestApi }) => void,
  {
    reset = true,
    options,
    serviceSlugs = false,
  }: { reset?: boolean; options?: Parameters<typeof createTestApi>[1]; serviceSlugs?: boolean } = {},
): void {
  let db: TestDatabase | undefined;
  let api: TestApi | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApi(db, options);
    created({ db, api: serviceSlugs ? withServiceSlugs(api) : api });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });
  if (reset) beforeEach(() => db?.reset());
}

/** `value` with every object that selects only `slug` (a service asked for as `{ slug }`) replaced by that slug. */
export function serviceSlugs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(serviceSlugs);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0]![0] === "slug") return entries[0]![1];
  return Object.fromEntries(entries.map(([k, v]) => [k, serviceSlugs(v)]));
}

/**
 * `api` answering services asked for as `{ slug }` by their slugs, for tests that compare where
 * keys work as lists of slugs (the types still say objects; compare with toEqual/toMatchObject).
 */
export function withServiceSlugs(api: TestApi): TestApi {
  const gql = (async (...args: Parameters<GqlClient>) =>
    serviceSlugs(await (api.gql as (...a: unknown[]) => Promise<unknown>)(...args))) as GqlClient;
  const as = (role: Role) =>
    (async (...args: Parameters<GqlClient>) =>
      serviceSlugs(await (api.as(role) as (...a: unknown[]) => Promise<unknown>)(...args))) as GqlClient;
  return { ...api, gql, as, close: () => api.close(), tokenFor: (r) => api.tokenFor(r) };
}
