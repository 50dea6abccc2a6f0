import { type ClientRequest, get, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrm, type MikroORM } from "../composition/orm.js";
import { createLogger } from "../logger.js";
import { mintSecret } from "../modules/api-key/api-key.secret.js";
import { Environment } from "../modules/api-key/environment.js";
import { Role } from "../shared/role.js";
import { issueTestToken } from "../test-support/auth.js";
import { createTestDatabase, type TestDatabase } from "../test-support/database.js";
import { capturingLogger } from "../test-support/log.js";
import { createHttpServer } from "./server.js";

// Enough rows (about 9 MB of CSV) that a reader who takes nothing fills the sockets' buffers
// and the export is left waiting on backpressure, holding its connection.
const KEYS = 60_000;
const POOL = 4;
const IDLE_TIMEOUT_MS = 1500;

let db: TestDatabase;
let orm: MikroORM;
let app: FastifyInstance;
let pool: pg.Pool;
let base: string;
const { logger, lines: logLines } = capturingLogger();

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await createOrm({ url: db.url, poolMax: POOL, connectTimeoutMs: 500 });
  pool = await orm.em.getConnection().getNativeClient();
  app = await createHttpServer({
    orm,
    logger,
    production: false,
    databaseUrl: db.url,
    authSettings: { sessionIdleMs: 30 * 60_000, sessionMaxMs: 12 * 3_600_000 },
    exportLimits: { maxConcurrent: 2, maxPerCredential: 1, idleTimeoutMs: IDLE_TIMEOUT_MS, maxDurationMs: 60_000 },
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  await db.em().execute(`insert into holder (id, kind, email, name) values
    ('00000000-0000-4000-8000-000000000001', 'GROUP', 'bulk@agency.gov.example', 'Bulk')`);
  await db.em().execute(`insert into api_key (id, name, environment, holder_id, prefix, secret_digest)
    select gen_random_uuid(), 'bulk key ' || n, 'PRODUCTION', '00000000-0000-4000-8000-000000000001',
           'kh_live_' || substr(md5('p' || n), 1, 6), encode(sha256(('secret-' || n)::bytea), 'hex')
    from generate_series(1, ${KEYS}) n`);
}, 60_000);

afterAll(async () => {
  app?.server.closeAllConnections();
  await app?.close();
  await orm?.close(true);
  await db?.drop();
});

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON whose shape each test asserts on.
type Json = Record<string, any>;

const token = async () => `Bearer ${(await issueTestToken(db.em(), Role.VIEWER)).token}`;
const checkedOut = () => pool.totalCount - pool.idleCount;

/** An export whose reader takes nothing after the headers: the response is never consumed. */
function stalledExport(
  authorization: string,
): Promise<{ res: IncomingMessage; req: ClientRequest; ended: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const req = get(`${base}/v1/exports/keys.csv`, { headers: { authorization }, agent: false }, (res) => {
      const ended = new Promise<string>((done) => {
        res.once("end", () => done("complete"));
        res.once("aborted", () => done("cut off"));
        res.once("error", () => done("cut off"));
        res.once("close", () => done(res.complete ? "complete" : "cut off"));
      });
      resolve({ res, req, ended });
    });
    req.on("error", reject);
  });
}

async function exportAs(authorization: string) {
  const response = await fetch(`${base}/v1/exports/keys.csv`, { headers: { authorization } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

// A raw body sent over a real socket, to hold connections open, not through the test client.
async function graphql(authorization: string, query = "{ apiKeys(first: 1) { totalCount } }") {
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Json };
}

async function verify(authorization: string, secret = mintSecret(Environment.PRODUCTION).secret) {
  const response = await fetch(`${base}/v1/keys/verify`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization },
    body: JSON.stringify({ secret, service: "fines" }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Json };
}

const readyz = async () => (await fetch(`${base}/readyz`)).status;

describe("slow CSV downloads", () => {
  it("never take the whole pool: beyond the caps they are refused, and a stalled one is cut off and its connection returned", async () => {
    const first = await token();
    const second = await token();
    const a = await stalledExport(first);
    expect(a.res.statusCode).toBe(200);

    const again = await exportAs(first);
    expect(again.status).toBe(429);
    expect(again.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(JSON.parse(again.text).error).toMatchObject({ code: "TOO_MANY_EXPORTS", requestId: expect.any(String) });

    const b = await stalledExport(second);
    expect(b.res.statusCode).toBe(200);
    const third = await exportAs(await token());
    expect(third.status).toBe(503);
    expect(third.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(JSON.parse(third.text).error).toMatchObject({ code: "SERVICE_BUSY", requestId: expect.any(String) });

    // The two stalled downloads hold their connections (so this test means something)...
    expect(checkedOut()).toBe(2);
    // ...and everything else still works, with fresh credentials that cost SQL to check.
    const list = await graphql(await token());
    expect(list.status).toBe(200);
    expect(list.body.data.apiKeys.totalCount).toBe(KEYS);
    const verdict = await verify(await token());
    expect(verdict.status).toBe(200);
    expect(verdict.body.reason).toBe("NOT_FOUND");
    expect(await readyz()).toBe(200);

    // Neither reader takes anything: both are cut off after the idle timeout, connections back.
    await expect.poll(checkedOut, { timeout: IDLE_TIMEOUT_MS * 5 }).toBe(0);
    expect(logLines.join("")).toContain("keys export cut off");
    // A reader that resumes gets what was buffered, then the end of a cut connection.
    a.res.resume();
    b.res.resume();
    expect(await a.ended).toBe("cut off");
    expect(await b.ended).toBe("cut off");

    const whole = await exportAs(first);
    expect(whole.status).toBe(200);
    expect(whole.text.trimEnd().split("\r\n")).toHaveLength(KEYS + 1);
  }, 60_000);
});

/** Another server on this file's pool with `exportLimits`, listening on a free port for `use`; closed after, its connections cut. */
async function withExportServer(
  exportLimits: NonNullable<Parameters<typeof createHttpServer>[0]["exportLimits"]>,
  use: (port: number) => Promise<void>,
): Promise<void> {
  const app = await createHttpServer({
    orm,
    logger: createLogger("silent"),
    production: false,
    authSettings: { sessionIdleMs: 30 * 60_000, sessionMaxMs: 12 * 3_600_000 },
    exportLimits,
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  try {
    await use((app.server.address() as AddressInfo).port);
  } finally {
    app.server.closeAllConnections();
    await app.close();
  }
}

/** Starts the CSV export from the server on `port`: its response, and how it ends ("complete" or "cut off"). */
function startExport(port: number, authorization: string): Promise<{ res: IncomingMessage; ended: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const req = get(
      `http://127.0.0.1:${port}/v1/exports/keys.csv`,
      { headers: { authorization }, agent: false },
      (res) => {
        const ended = new Promise<string>((done) => {
          res.once("end", () => done("complete"));
          res.once("error", () => done("cut off"));
          res.once("close", () => done(res.complete ? "complete" : "cut off"));
        });
        resolve({ res, ended });
      },
    );
    req.on("error", reject);
  });
}

describe("a download that reads steadily but slowly", () => {
  it("is cut off once it has held its connection for the longest an export may take", async () => {
    const limits = { maxConcurrent: 2, maxPerCredential: 1, idleTimeoutMs: 60_000, maxDurationMs: 1500 };
    await withExportServer(limits, async (port) => {
      const { res, ended } = await startExport(port, await token());
      // A reader that never stops for long: a chunk, then a tenth of a second's pause.
      res.on("data", () => {
        res.pause();
        setTimeout(() => res.resume(), 100);
      });
      expect(await ended).toBe("cut off");
      await expect.poll(checkedOut, { timeout: 5000 }).toBe(0);
    });
  }, 60_000);
});

describe("a saturated pool", () => {
  it("answers 503 SERVICE_BUSY with Retry-After and the request id on every route, while readiness stays 200", async () => {
    const cached = await token();
    expect((await graphql(cached)).status).toBe(200);
    const held = await Promise.all(Array.from({ length: POOL }, () => pool.connect()));
    try {
      const fresh = await token();
      const calls = {
        "graphql, token to check": graphql(fresh),
        "graphql, cached token": graphql(cached),
        "verify, token to check": verify(fresh),
        "verify, cached token": verify(cached),
      };
      for (const [what, call] of Object.entries(calls)) {
        const answer = await call;
        expect({ what, status: answer.status }).toEqual({ what, status: 503 });
        expect(answer.headers.get("retry-after"), what).toMatch(/^\d+$/);
        const error = answer.body.errors?.[0]?.extensions ?? answer.body.error;
        expect(error, what).toMatchObject({ code: "SERVICE_BUSY", requestId: answer.headers.get("x-request-id") });
        expect(JSON.stringify(answer.body), what).not.toMatch(/timeout exceeded|statusCode/);
      }
      const csv = await exportAs(cached);
      expect(csv.status).toBe(503);
      expect(csv.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(JSON.parse(csv.text).error.code).toBe("SERVICE_BUSY");
      expect(await readyz()).toBe(200);
    } finally {
      for (const client of held) client.release();
    }
    expect((await graphql(cached)).status).toBe(200);
  }, 60_000);
});

describe("a stalled download whose database session ends", () => {
  it("is cut off at once and its connection leaves the pool, without taking the server down", async () => {
    // Timeouts far away: what ends this download must be the lost session itself.
    const limits = { maxConcurrent: 2, maxPerCredential: 1, idleTimeoutMs: 60_000, maxDurationMs: 120_000 };
    const admin = db.em();
    await withExportServer(limits, async (port) => {
      const parked = await startExport(port, await token());
      expect(parked.res.statusCode).toBe(200);
      // The export waits on backpressure between two reads of its cursor: its session waits for
      // the next message with no read pending (a database restart, a failover or an
      // idle-in-transaction timeout ends such sessions). Seen waiting five times in a row, it is parked.
      let seen = 0;
      const parkedSession = async () => {
        const [session] = await admin.execute<{ pid: number; wait_event: string | null }[]>(
          `select pid, wait_event from pg_stat_activity where datname = current_database()
             and pid <> pg_backend_pid() and query like 'select k.id, k.name%'`,
        );
        seen = session?.wait_event === "ClientRead" ? seen + 1 : 0;
        return seen >= 5 ? session?.pid : undefined;
      };
      await expect.poll(parkedSession, { timeout: 30_000, interval: 100 }).toBeTypeOf("number");
      const pid = await parkedSession();
      expect(checkedOut()).toBe(1);
      await admin.execute("select pg_terminate_backend(?)", [pid]);

      await expect.poll(checkedOut, { timeout: 5000 }).toBe(0);
      parked.res.resume();
      expect(await parked.ended).toBe("cut off");
      expect((await graphql(await token())).status).toBe(200);
    });
  }, 60_000);
});
