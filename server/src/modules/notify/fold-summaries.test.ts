import type { JobHelpers } from "graphile-worker";
import { describe, expect, it } from "vitest";
import { type TestDatabase, useTestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { expectKeyCountsExact } from "../../test-support/key-count.js";
import { notifySettings } from "../../test-support/notify.js";
import { Environment } from "../api-key/environment.js";
import { CRONTAB, notifyTasks } from "./jobs.js";

let db: TestDatabase;
useTestDatabase((created) => {
  db = created;
});

/** Rows a writing transaction added to each key count summary and no fold has merged yet. */
async function unfolded(): Promise<{ keys: number; risks: number }> {
  const [row] = await db.em().execute<{ keys: number; risks: number }[]>(
    `select (select count(*)::int from api_key_count where xact <> 0) as keys,
              (select count(*)::int from risk_key_count where xact <> 0) as risks`,
  );
  return row as { keys: number; risks: number };
}

describe("the scheduled fold of the key count summaries", () => {
  it("is in the crontab", () => {
    expect(CRONTAB.split("\n")).toContain("*/10 * * * * fold_summaries");
  });

  it("merges every writing transaction's rows though nobody reads a count, and keeps the counts exact", async () => {
    const make = factories(db.em());
    const holder = await make.user();
    // Three writing transactions: each leaves rows of its own in both summaries.
    for (const environment of [Environment.PRODUCTION, Environment.STAGING, Environment.PRODUCTION]) {
      await factories(db.em()).keys([{ holder, name: `key ${environment}`, environment }]);
    }
    const before = await unfolded();
    expect(before.keys).toBeGreaterThan(1);
    expect(before.risks).toBeGreaterThan(1);

    const { tasks, close } = notifyTasks(db.orm, notifySettings());
    try {
      await tasks.fold_summaries?.({}, {} as JobHelpers);
    } finally {
      close();
    }

    expect(await unfolded()).toEqual({ keys: 0, risks: 0 });
    await expectKeyCountsExact(db);
  });
});
