import { Writable } from "node:stream";
import type { MikroORM } from "@mikro-orm/postgresql";
import type { FastifyInstance } from "fastify";
import { createHttpServer } from "../http/server.js";
import { createLogger } from "../logger.js";

// biome-ignore lint/suspicious/noExplicitAny: response data is JSON whose shape each test asserts on.
type Json = Record<string, any>;

/** A GraphQL response as a test sees it. */
export interface GqlResult<T = Json> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
  sqlStatements: number;
  headers: Record<string, unknown>;
}

/** The Keyholder HTTP server on a test database, driven in-process, with its log captured. */
export interface TestApi {
  app: FastifyInstance;
  logLines: string[];
  gql<T = Json>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

/** Builds the real HTTP server (Fastify + Apollo) over the given ORM. */
export async function createTestApi(orm: MikroORM): Promise<TestApi> {
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const app = await createHttpServer({ orm, logger: createLogger("info", sink), production: false });
  await app.ready();
  return {
    app,
    logLines,
    async gql(query, variables, headers = {}) {
      const response = await app.inject({
        method: "POST",
        url: "/graphql",
        headers: { "content-type": "application/json", ...headers },
        payload: JSON.stringify({ query, variables }),
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
    },
    close: () => app.close(),
  };
}
