import { describe, expect, it } from "vitest";
import { date, epochMillisSql } from "../shared/read-model.js";
import { Sql, sql } from "../shared/sql.js";
import type { TestDatabase } from "../test-support/database.js";
import { factories } from "../test-support/factories.js";
import { graphql, type TestApi, useTestApi } from "../test-support/graphql.js";
import { recordStatements } from "../test-support/statements.js";
import { readRows } from "./read.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const KEYS_PAGE = graphql(`
  query PreparedKeysPage { apiKeys(first: 50) { nodes { id name holder { email } worksOn { slug } } } }
`);
const FULL_KEYS_PAGE = graphql(`
  query PreparedFullKeysPage { apiKeys(first: 50) { nodes { id revokedReason version verifiable } } }
`);

describe("readRows", () => {
  it("sends values as parameters, and prepares a statement when asked, under one name per text", async () => {
    const em = db.em();
    const statements = await recordStatements(db, async () => {
      for (const n of [1, 2]) {
        expect(await readRows(em, sql`select ${n}::int as n`, { prepare: true })).toEqual([{ n }]);
      }
      expect(await readRows(em, sql`select ${"it's"}::text as t`)).toEqual([{ t: "it's" }]);
    });
    expect(statements.map(({ text, values }) => ({ text, values }))).toEqual([
      { text: "select $1::int as n", values: [1] },
      { text: "select $1::int as n", values: [2] },
      { text: "select $1::text as t", values: ["it's"] },
    ]);
    const [first, second, unprepared] = statements;
    expect(first?.name).toMatch(/^kh_[0-9a-f]{24}$/);
    expect(second?.name).toBe(first?.name);
    expect(unprepared?.name).toBeUndefined();
  });

  it("reads within a transaction on the transaction's connection, seeing its writes", async () => {
    await db.em().transactional(async (tx) => {
      await tx.execute("insert into service (id, slug, name) values (gen_random_uuid(), 'in-flight', 'In flight')");
      const rows = await readRows<{ slug: string }>(tx, sql`select slug from service where slug = ${"in-flight"}`);
      expect(rows).toEqual([{ slug: "in-flight" }]);
    });
  });
});

describe("the prepared keys page", () => {
  it("keeps answering, brief or whole, when a migration adds a column to the key table", async () => {
    const f = factories(db.em());
    const service = await f.service({ slug: "fines" });
    const holder = await f.user();
    await f.collaborator(service, holder);
    for (let i = 0; i < 3; i++) await f.key(holder);
    // Prepared on the pool's connections before the table changes, run on them after.
    const before: { data?: unknown }[] = [];
    const statements = await recordStatements(db, async () => {
      for (let i = 0; i < 12; i++) before.push(await api.gql(KEYS_PAGE), await api.gql(FULL_KEYS_PAGE));
    });
    // Both pages ran prepared: the brief one and the one of all the key's columns.
    const pages = statements.filter((s) => /\bapi_key k\b/.test(s.text));
    expect(new Set(pages.map((s) => s.name)).size).toBe(2);
    expect(pages.every((s) => s.name)).toBe(true);
    await db.em().execute("alter table api_key add column added_later text");
    try {
      for (let i = 0; i < 12; i++) {
        const [brief, full] = [await api.gql(KEYS_PAGE), await api.gql(FULL_KEYS_PAGE)];
        expect(brief.errors).toBeUndefined();
        expect(full.errors).toBeUndefined();
        expect([brief.data, full.data]).toEqual([before[0]?.data, before[1]?.data]);
      }
    } finally {
      await db.em().execute("alter table api_key drop column added_later");
    }
  });
});

describe("timestamps in a JSON page", () => {
  it("read as milliseconds (epochMillisSql) give the Date the ISO text gives, microseconds and all", async () => {
    const stamps = [
      "2026-12-05 19:44:16.123456+00",
      "2026-12-05 19:44:16.999999+00",
      "2026-12-05 19:44:16+00",
      "1969-12-31 23:59:59.999500+00",
      "1901-02-03 04:05:06.000001+00",
      "2286-11-20 17:46:39.999+00",
    ];
    const [row] = await readRows<{ page: [number, string][] }>(
      db.em(),
      sql`select json_agg(json_build_array(${new Sql(epochMillisSql("t"))}, t) order by n) as page
            from unnest(${stamps}::timestamptz[]) with ordinality as s(t, n)`,
    );
    const page = row?.page ?? [];
    expect(page).toHaveLength(stamps.length);
    for (const [millis, text] of page) {
      expect(typeof millis).toBe("number");
      expect(date(millis)?.toISOString()).toBe(date(text)?.toISOString());
    }
    expect(date(page[0]?.[0])?.toISOString()).toBe("2026-12-05T19:44:16.123Z");
    expect(date(page[3]?.[0])?.toISOString()).toBe("1969-12-31T23:59:59.999Z");
  });
});
