import type { JobHelpers } from "graphile-worker";
import { describe, expect, it } from "vitest";
import { type TestDatabase, useTestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { expectKeyCountsExact } from "../../test-support/key-count.js";
import { notifySettings } from "../../test-support/notify.js";
import { expectRiskSummariesExact } from "../../test-support/risk-summary.js";
import { Environment } from "../api-key/environment.js";
import { CRONTAB, notifyTasks } from "./jobs.js";

let db: TestDatabase;
useTestDatabase((created) => {
  db = created;
});

/** Rows a writing transaction added to each key count summary and no fold has merged yet. */
async function unfolded(): Promise<{ keys: number; risks: number; groups: number }> {
  const [row] = await db.em().execute<{ keys: number; risks: number; groups: number }[]>(
    `select (select count(*)::int from api_key_count where xact <> 0) as keys,
              (select count(*)::int from risk_key_count where xact <> 0) as risks,
              (select count(*)::int from risk_group_count where xact <> 0) as groups`,
  );
  return row as { keys: number; risks: number; groups: number };
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
    // Two more: each new group email is at risk (no members yet).
    await make.group();
    await factories(db.em()).group();
    const before = await unfolded();
    expect(before.groups).toBeGreaterThan(1);
    expect(before.keys).toBeGreaterThan(1);
    expect(before.risks).toBeGreaterThan(1);

    const { tasks, close } = notifyTasks(db.orm, notifySettings());
    try {
      await tasks.fold_summaries?.({}, {} as JobHelpers);
    } finally {
      close();
    }

    expect(await unfolded()).toEqual({ keys: 0, risks: 0, groups: 0 });
    await expectKeyCountsExact(db);
    await expectRiskSummariesExact(db);
  });
});
