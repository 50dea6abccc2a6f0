import type { AddressInfo } from "node:net";
import { connect, createServer, type Server, type Socket } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrm, type MikroORM } from "../composition/orm.js";
import { SESSION_COOKIE } from "../modules/auth/auth-settings.js";
import { Role } from "../shared/role.js";
import { issueTestToken } from "../test-support/auth.js";
import { createTestDatabase, type TestDatabase } from "../test-support/database.js";
import { capturingLogger } from "../test-support/log.js";
import { createHttpServer } from "./server.js";

/**
 * A TCP relay in front of the test's PostgreSQL: closing it is the database going away for the
 * server (open connections cut, new ones refused on the same port), opening it brings it back.
 */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly host: string,
    private readonly targetPort: number,
  ) {}

  async open(): Promise<void> {
    const server = createServer((inbound) => {
      const outbound = connect(this.targetPort, this.host);
      for (const socket of [inbound, outbound]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => {});
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

let db: TestDatabase;
let relay: Relay;
let orm: MikroORM;
let app: FastifyInstance;
let base: string;
const { logger, lines: logLines } = capturingLogger();

beforeAll(async () => {
  db = await createTestDatabase();
  const target = new URL(db.url);
  relay = new Relay(target.hostname, Number(target.port || 5432));
  await relay.open();
  target.port = String(relay.port);
  const url = target.toString();
  orm = await createOrm({ url, poolMax: 4, connectTimeoutMs: 1000 });
  app = await createHttpServer({
    orm,
    logger,
    production: false,
    databaseUrl: url,
    authSettings: { sessionIdleMs: 30 * 60_000, sessionMaxMs: 12 * 3_600_000 },
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await orm?.close(true);
  await relay?.close();
  await db?.drop();
});

interface Answer {
  what: string;
  status: number;
  headers: Headers;
  text: string;
}

async function call(what: string, path: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(`${base}${path}`, init);
  return { what, status: response.status, headers: response.headers, text: await response.text() };
}

const readyz = async () => (await fetch(`${base}/readyz`)).status;

describe("while the database is down", () => {
  it("authentication failures answer 503 DATABASE_UNAVAILABLE in the documented shape, with the request id and no database detail", async () => {
    const { token } = await issueTestToken(db.em(), Role.VIEWER);
    const bearer = { authorization: `Bearer ${token}` };
    const cookie = { cookie: `${SESSION_COOKIE}=${"s".repeat(43)}` };
    const json = { "content-type": "application/json" };
    // A raw body sent over real HTTP through the relay, not through the test client.
    const query = JSON.stringify({ query: "{ me { role user { email } } }" });
    const verifyBody = JSON.stringify({ secret: "kh_live_x", service: "fines" });
    expect(await readyz()).toBe(200);

    await relay.close();
    const answers = [
      await call("graphql, bearer", "/graphql", { method: "POST", headers: { ...json, ...bearer }, body: query }),
      await call("graphql, cookie", "/graphql", { method: "POST", headers: { ...json, ...cookie }, body: query }),
      await call("verify, bearer", "/v1/keys/verify", {
        method: "POST",
        headers: { ...json, ...bearer },
        body: verifyBody,
      }),
      await call("export, bearer", "/v1/exports/keys.csv", { headers: bearer }),
      await call("export, cookie", "/v1/exports/keys.csv", { headers: cookie }),
    ];
    for (const answer of answers) {
      const { what } = answer;
      expect({ what, status: answer.status }).toEqual({ what, status: 503 });
      expect(answer.headers.get("retry-after"), what).toMatch(/^\d+$/);
      expect(answer.headers.get("content-type"), what).toMatch(/^application\/json/);
      const body = JSON.parse(answer.text);
      const error = what.startsWith("graphql") ? body.errors?.[0]?.extensions : body.error;
      expect(error, what).toEqual(
        expect.objectContaining({ code: "DATABASE_UNAVAILABLE", requestId: answer.headers.get("x-request-id") }),
      );
      expect(answer.text, what).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|statusCode|57P0|Connection terminated/);
      expect(answer.text, what).not.toContain(String(relay.port));
    }
    expect(await readyz()).toBe(503);
    // The detail is in the server's log, for the operator.
    expect(logLines.join("")).toMatch(/ECONNREFUSED/);

    await relay.open();
    await expect.poll(readyz, { timeout: 10_000 }).toBe(200);
    const after = await call("graphql, bearer", "/graphql", {
      method: "POST",
      headers: { ...json, ...bearer },
      body: query,
    });
    expect(after.status).toBe(200);
    expect(JSON.parse(after.text).data.me.user.email).toBe("test-viewer@keyholder.test");
  }, 60_000);
});
