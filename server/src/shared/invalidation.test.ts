import { once } from "node:events";
import { createServer, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { createLogger } from "../logger.js";
import { type TestDatabase, useTestDatabase } from "../test-support/database.js";
import { waitUntil } from "../test-support/keys.js";
import { InvalidationHub, InvalidationListener } from "./invalidation.js";

let db: TestDatabase;
const log = createLogger("silent");

useTestDatabase(
  (created) => {
    db = created;
  },
  { reset: false },
);

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

  it("stopped while its server does not answer, it gives up connecting at once", async () => {
    // A server that accepts the connection and never says a word, as a stalled one would.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket)).listen(0, "127.0.0.1");
    await once(silent, "listening");
    const address = silent.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const listener = new InvalidationListener(
        `postgres://keyholder@127.0.0.1:${port}/keyholder`,
        new InvalidationHub(),
        log,
        {
          heartbeatMs: 100,
          maxStaleMs: 1000,
        },
      );
      const starting = listener.start();
      while (!sockets.length) await new Promise((r) => setTimeout(r, 10));
      await listener.stop();
      // Not "could not listen in time" some seconds later: until then a timer would hold shutdown up.
      await expect(starting).rejects.toThrow(/stopped while connecting/);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
