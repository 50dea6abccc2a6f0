import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../logger.js";
import { createTestDatabase, type TestDatabase } from "../test-support/database.js";
import { waitUntil } from "../test-support/keys.js";
import { InvalidationHub, InvalidationListener } from "./invalidation.js";

let db: TestDatabase;
const log = createLogger("silent");

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

/** This process's listening connections on the test database. */
async function listeners(): Promise<number> {
  const [row] = await db
    .em()
    .execute<{ n: number }[]>(
      "select count(*)::int as n from pg_stat_activity where datname = ? and application_name = ?",
      [db.name, `keyholder-listener-${process.pid}`],
    );
  return row?.n ?? 0;
}

describe("InvalidationListener", () => {
  it("stopped while it is still connecting, it leaves no connection behind", async () => {
    const listener = new InvalidationListener(db.url, new InvalidationHub(), log, {
      heartbeatMs: 100,
      maxStaleMs: 1000,
    });
    const starting = listener.start();
    await listener.stop();
    await starting.catch(() => {});
    // A connection left open would keep the process alive after shutdown and keep LISTENing.
    await waitUntil(async () => (await listeners()) === 0, 5_000).catch(() => {});
    expect(await listeners()).toBe(0);
  });

  it("stopped once it listens, it closes its connection", async () => {
    const hub = new InvalidationHub();
    const listener = new InvalidationListener(db.url, hub, log, { heartbeatMs: 100, maxStaleMs: 1000 });
    await listener.start();
    expect(hub.cacheTrusted()).toBe(true);
    expect(await listeners()).toBe(1);
    await listener.stop();
    await waitUntil(async () => (await listeners()) === 0, 5_000).catch(() => {});
    expect(await listeners()).toBe(0);
  });
});
