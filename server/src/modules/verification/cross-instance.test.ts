import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { createTestApi, type TestApi } from "../../test-support/graphql.js";
import { REVOKE_KEY, statementsOf, type Verdict, waitUntil } from "../../test-support/keys.js";
import { Role } from "../auth/role.js";
import { CollaboratorRole } from "../collaborator/collaborator-role.js";
import { Service } from "../service/service.entity.js";

const serverDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

let db: TestDatabase;
let api: TestApi;
let child: ChildProcess | undefined;
let childUrl: string;
const childOutput: string[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  server.close();
  await once(server, "close");
  return port;
}

async function waitForReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child?.exitCode !== null) throw new Error(`second instance exited:\n${childOutput.join("")}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`second instance not ready within ${timeoutMs} ms:\n${childOutput.join("")}`);
}

/** Starts a second Keyholder process on the same database, as another instance behind a load balancer would be. */
async function startSecondInstance(): Promise<void> {
  const port = await freePort();
  childUrl = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ["--enable-source-maps", "--import", "@oxc-node/core/register", "src/main.ts"], {
    cwd: serverDir,
    env: {
      ...process.env,
      NODE_ENV: "development",
      DATABASE_URL: db.url,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      KEYHOLDER_SEED_DEMO: "false",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => childOutput.push(String(chunk)));
  child.stderr?.on("data", (chunk) => childOutput.push(String(chunk)));
  await waitForReady(childUrl, 45_000);
}

async function stopSecondInstance(): Promise<void> {
  const proc = child;
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = once(proc, "exit");
  proc.kill("SIGTERM");
  const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

beforeAll(async () => {
  db = await createTestDatabase();
  api = await createTestApi(db);
  try {
    await startSecondInstance();
  } catch (error) {
    await stopSecondInstance();
    throw error;
  }
}, 60_000);
afterAll(async () => {
  await stopSecondInstance();
  await api?.close();
  await db?.drop();
});

async function verifyOnSecond(token: string, secret: string, service = "fines"): Promise<Verdict & { sql: number }> {
  const response = await fetch(`${childUrl}/v1/keys/verify`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ secret, service }),
  });
  expect(response.status).toBe(200);
  const { sql } = statementsOf({ "server-timing": response.headers.get("server-timing") });
  return { ...((await response.json()) as Verdict), sql };
}

describe("invalidation across instances", () => {
  it("a revocation on one instance reaches a second server process within a second", async () => {
    const f = factories(db.em());
    const group = await f.group();
    await f.collaborator(await f.service({ slug: "fines" }), group, CollaboratorRole.BILLING);
    const key = await f.key(group);
    const { token } = await api.tokenFor(Role.VIEWER);

    expect(await verifyOnSecond(token, key.secret)).toMatchObject({ valid: true, reason: "VALID", keyId: key.id });
    // The second instance now answers from its cache: only an invalidation can change its mind.
    expect(await verifyOnSecond(token, key.secret)).toMatchObject({ reason: "VALID", sql: 0 });

    const res = await api.gql(REVOKE_KEY, { input: { id: key.id, reason: "leaked" } });
    expect(res.data?.revokeApiKey.errors).toEqual([]);
    const revokedAt = performance.now();
    let reason = "VALID";
    while (reason !== "REVOKED" && performance.now() - revokedAt < 5000) {
      reason = (await verifyOnSecond(token, key.secret)).reason;
      if (reason !== "REVOKED") await new Promise((r) => setTimeout(r, 20));
    }
    const took = performance.now() - revokedAt;
    expect(reason).toBe("REVOKED");
    expect(took).toBeLessThan(1000);
  });

  it("archiving a service on one instance makes a second one answer SERVICE_ARCHIVED, from a cache it then rebuilds", async () => {
    const f = factories(db.em());
    const group = await f.group();
    // The service both instances already know (a service made behind their backs is news to none).
    const service = (await db.em().findOne(Service, { slug: "fines" })) ?? (await f.service({ slug: "fines" }));
    await f.collaborator(service, group, CollaboratorRole.BILLING);
    const key = await f.key(group);
    const { token } = await api.tokenFor(Role.VIEWER);
    await verifyOnSecond(token, key.secret);
    expect(await verifyOnSecond(token, key.secret)).toMatchObject({ reason: "VALID", sql: 0 });

    const res = await api.gql(
      `mutation($id: ID!, $version: Int!) { archiveService(input: {id: $id, version: $version}) { errors { code } } }`,
      { id: service.id, version: service.version },
    );
    expect(res.data?.archiveService.errors).toEqual([]);
    await waitUntil(async () => (await verifyOnSecond(token, key.secret)).reason === "SERVICE_ARCHIVED", 5000);
    expect(await verifyOnSecond(token, key.secret)).toMatchObject({ reason: "SERVICE_ARCHIVED", sql: 0 });
  });

  it("creating a service on one instance makes a second one know its slug, keeping its cached keys", async () => {
    const f = factories(db.em());
    const group = await f.group();
    await f.collaborator(await f.service({ slug: "parking" }), group, CollaboratorRole.BILLING);
    const key = await f.key(group);
    const { token } = await api.tokenFor(Role.VIEWER);
    expect(await verifyOnSecond(token, key.secret, "parking")).toMatchObject({ reason: "VALID" });
    expect(await verifyOnSecond(token, key.secret, "licences")).toMatchObject({ reason: "SERVICE_NOT_FOUND" });

    const res = await api.gql(
      `mutation($input: CreateServiceInput!) { createService(input: $input) { errors { code } } }`,
      { input: { slug: "licences", name: "Licences" } },
    );
    expect(res.data?.createService.errors).toEqual([]);
    await waitUntil(
      async () => (await verifyOnSecond(token, key.secret, "licences")).reason === "HOLDER_NOT_BILLING_COLLABORATOR",
      30_000,
    );
    expect(await verifyOnSecond(token, key.secret, "parking")).toMatchObject({ reason: "VALID", sql: 0 });
  });
});
