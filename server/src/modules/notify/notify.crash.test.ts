import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";

const serverDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

let db: TestDatabase;
const children: ChildProcess[] = [];
const output: string[] = [];
const received: { headers: Record<string, string>; body: string }[] = [];
const hanging: ServerResponse[] = [];
let hangFirst = true;
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString("utf8") });
    if (hangFirst) {
      // The first attempt never gets an answer: the instance delivering it is killed meanwhile.
      hangFirst = false;
      hanging.push(res);
      return;
    }
    res.statusCode = 204;
    res.end();
  });
});

/** Starts a real Keyholder process on the test database, with its job workers. */
async function startInstance(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--enable-source-maps", "--import", "@oxc-node/core/register", "src/main.ts"],
    {
      cwd: serverDir,
      env: {
        ...process.env,
        NODE_ENV: "development",
        DATABASE_URL: db.url,
        PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        KEYHOLDER_SEED_DEMO: "false",
        KEYHOLDER_CONSOLE_DIR: "/nonexistent",
        WEBHOOK_ALLOW_PRIVATE: "true",
        WEBHOOK_TIMEOUT_MS: "60000",
        JOBS_RECOVER_AFTER_MS: "1000",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (c) => output.push(String(c)));
  child.stderr?.on("data", (c) => output.push(String(c)));
  children.push(child);
  const deadline = Date.now() + 45_000;
  while (!output.join("").includes("Keyholder is running")) {
    if (child.exitCode !== null) throw new Error(`instance exited:\n${output.join("")}`);
    if (Date.now() > deadline) throw new Error(`instance not started:\n${output.join("")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  output.length = 0;
  return child;
}

async function until<T>(probe: () => Promise<T> | T, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(value)}\n${output.join("")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const res of hanging) res.destroy();
  await new Promise<void>((r) => receiver.close(() => r()));
  await db?.drop();
});

describe("a server killed mid-delivery", () => {
  it("has the delivery sent again after a restart, with the same webhook-id", async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const secret = `whsec_${Buffer.from("a-test-signing-secret-of-32-bytes").toString("base64")}`;
    await db
      .em()
      .execute("insert into webhook_endpoint (id, url, event_types, secret) values (gen_random_uuid(), ?, '{*}', ?)", [
        url,
        secret,
      ]);
    const first = await startInstance();
    const f = factories(db.em());
    const key = await f.key(await f.group());
    await db.em().transactional(async (em) => {
      await em.execute(
        `insert into audit_event (actor_label, credential_kind, action, subject_type, subject_id)
         values ('test', 'SYSTEM', 'api_key.revoked', 'ApiKey', ?)`,
        [key.id],
      );
    });
    await until(
      () => received.length,
      (n) => n === 1,
    );
    const exited = once(first, "exit");
    first.kill("SIGKILL");
    await exited;
    const [locked] = await db
      .em()
      .execute<{ locked_by: string | null }[]>(
        "select locked_by from graphile_worker.jobs where task_identifier = 'deliver_webhook'",
      );
    expect(locked?.locked_by).toBeTruthy();

    await startInstance();
    await until(
      () => received.length,
      (n) => n === 2,
    );
    expect(received[1]?.headers["webhook-id"]).toBe(received[0]?.headers["webhook-id"]);
    expect(() => new Webhook(secret).verify(received[1]?.body as string, received[1]?.headers ?? {})).not.toThrow();
    const [d] = await until(
      () => db.em().execute<{ status: string }[]>("select status from webhook_delivery"),
      (rows) => rows[0]?.status === "DELIVERED",
    );
    expect(d?.status).toBe("DELIVERED");
  }, 120_000);
});
