import { wrap } from "@mikro-orm/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countSql } from "../../db/sql-counter.js";
import { anyContains, lexemePrefixQuery } from "../../shared/search.js";
import { Sql, sql } from "../../shared/sql.js";
import { type TestDatabase, useTestDatabase } from "../../test-support/database.js";
import { HolderRepository } from "./holder.repository.js";
import { type HolderSearchWays, holderCountSql, holderSearchPage } from "./holder.search.js";

let db: TestDatabase;
useTestDatabase((created) => {
  db = created;
});

// Case pairs whose JavaScript and PostgreSQL lower-casings differ or take several characters
// (İ, ẞ, final sigma, titlecase ǅ), LIKE's wildcards and escape, tsquery syntax, and a character
// outside the basic plane.
const UNITS = [
  "a",
  "B",
  "c",
  "É",
  "é",
  "ß",
  "ẞ",
  "İ",
  "i",
  "Σ",
  "ς",
  "ǅ",
  "_",
  "%",
  "\\",
  "'",
  ":",
  "*",
  "&",
  "!",
  "(",
  " ",
  ".",
  "-",
  "4",
  "2",
  "😀",
];
const EMAIL_UNITS = UNITS.filter((u) => u !== " ");

const textOf = (units: string[], min: number, max: number) =>
  fc.array(fc.constantFrom(...units), { minLength: min, maxLength: max }).map((a) => a.join(""));

const holderArb = fc.record({
  local: textOf(EMAIL_UNITS, 1, 8),
  domain: textOf(EMAIL_UNITS, 1, 6),
  name: textOf(UNITS, 0, 12),
});

/** A search: a piece of some holder's email or name in random case, or random text, maybe padded. */
const searchArb = (holders: { local: string; domain: string; name: string }[]) =>
  fc
    .tuple(
      fc.oneof(
        fc
          .record({ i: fc.nat(holders.length - 1), from: fc.nat(12), length: fc.integer({ min: 1, max: 8 }) })
          .map(({ i, from, length }) => {
            const h = holders[i] as { local: string; domain: string; name: string };
            const whole = [...(from % 2 ? `${h.local}@${h.domain}` : h.name)];
            return whole
              .slice(from % Math.max(whole.length, 1))
              .slice(0, length)
              .join("");
          }),
        textOf(UNITS, 1, 5),
      ),
      fc.array(fc.boolean(), { maxLength: 8 }),
      fc.constantFrom("", " ", "  "),
    )
    .map(([text, upper, pad]) => pad + [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join("") + pad);

async function ids(statement: Sql, forceIndex = false): Promise<string[]> {
  return db.em().transactional(async (tx) => {
    // Without a sequential scan or an index walk, the only way to the rows is a bitmap of the
    // suffix index: what it finds is then what the query answers.
    if (forceIndex) await tx.execute("set local enable_seqscan = off; set local enable_indexscan = off");
    const rows = await tx.execute<{ id: string }[]>(statement.text, [...statement.params]);
    return rows.map((r) => r.id);
  });
}

type PlanNode = {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  "Actual Loops"?: number;
  Plans?: PlanNode[];
};

/** Each scan of holder in a run plan: its node type, index and how often it ran. */
function scansIn(node: PlanNode): { node: string; index?: string; loops: number }[] {
  const here =
    node["Relation Name"] === "holder" || node["Index Name"]?.startsWith("holder_")
      ? [{ node: node["Node Type"], index: node["Index Name"], loops: node["Actual Loops"] ?? 0 }]
      : [];
  return [...here, ...(node.Plans ?? []).flatMap(scansIn)];
}

/** The first `n` emails of holders that contain `text`, by a plain LIKE. */
async function firstEmails(text: string, n: number): Promise<string[]> {
  const rows = await db
    .em()
    .execute<{ email: string }[]>(
      `select email from holder h where ${anyContains(["h.email", "lower(h.name)"], text).text} order by email limit ?`,
      [...anyContains(["h.email", "lower(h.name)"], text).params, n],
    );
  return rows.map((r) => r.email);
}

/** A search page's ways (`HolderSearchWays`) with no walk at all: the suffix index answers, and counts. */
const INDEX_ANSWERS: HolderSearchWays = { walk: 0, sample: 1000, perMatch: 0, lead: 0, countFromIndexBelow: 2 };
/** No walk first, then a walk of the whole email order when any holder matches. */
const WALK_ANSWERS: HolderSearchWays = { walk: 0, sample: 1000, perMatch: 1e6, lead: 0, countFromIndexBelow: 0 };

/** The holders that contain `text` as the search always defined it: a LIKE of each column. */
const plainLike = (text: string) =>
  ids(sql`select id from holder h where ${anyContains(["h.email", "lower(h.name)"], text)} order by email`);

async function expectSameAsPlainLike(text: string) {
  const expected = await plainLike(text);
  const page = await new HolderRepository(db.em()).page({ search: text }, { first: 500 });
  expect(
    page.nodes.map((h) => h.id),
    text,
  ).toEqual(expected);
  expect(await page.totalCount(), text).toBe(expected.length);
  // The count from the suffix index (INDEX_ANSWERS) and from the LIKE of every row (WALK_ANSWERS),
  // with the list's other conditions: every holder here is a user.
  for (const ways of [INDEX_ANSWERS, WALK_ANSWERS]) {
    for (const [kind, n] of [
      [null, expected.length],
      ["USER", expected.length],
      ["GROUP", 0],
    ] as const) {
      const statement = holderCountSql(text, kind ? [sql`h.kind = ${kind}`] : [], ways);
      const [counted] = await db.em().execute<{ n: string }[]>(statement.text, [...statement.params]);
      expect(Number(counted?.n), `${text} ${kind} count ${JSON.stringify(ways)}`).toBe(n);
    }
  }
  // The page as the index answers it, and as the walk of the whole email order does, with no
  // walk first, each way.
  for (const ways of [INDEX_ANSWERS, WALK_ANSWERS]) {
    for (const dir of ["asc", "desc"] as const) {
      const page = holderSearchPage(text, [], dir, 500, ways);
      if (page === null) continue;
      const picked = await ids(
        sql`select id from holder h where h.id = any(array(${page})) order by email ${new Sql(dir)}`,
      );
      expect(picked, `${text} ${dir} ${JSON.stringify(ways)}`).toEqual(
        dir === "asc" ? expected : [...expected].reverse(),
      );
    }
  }
  const query = lexemePrefixQuery(text);
  if (query !== null) {
    // The index alone, without the LIKE, finds exactly the same holders.
    const indexed = sql`select id from holder h where holder_search_terms(h.email, h.name) @@ cast(${query} as tsquery) order by email`;
    expect(await ids(indexed, true), text).toEqual(expected);
  }
}

describe("holders search", () => {
  it("finds exactly the holders a plain LIKE of email and lower-cased name finds, before and after renames", async () => {
    const world = fc
      .uniqueArray(holderArb, { minLength: 1, maxLength: 25, selector: (h) => `${h.local}@${h.domain}` })
      .chain((holders) =>
        fc.record({
          holders: fc.constant(holders),
          renames: fc.array(fc.record({ i: fc.nat(holders.length - 1), to: holderArb }), { maxLength: 6 }),
          searches: fc.array(searchArb(holders), { minLength: 1, maxLength: 12 }),
        }),
      );
    await fc.assert(
      fc.asyncProperty(world, async ({ holders, renames, searches }) => {
        await db.reset();
        // Emails are stored as PostgreSQL lower-cases them (the CHECK holder_email_normalised);
        // the number keeps them unique.
        for (const [n, h] of holders.entries()) {
          await db
            .em()
            .execute(
              "insert into holder (id, kind, email, name, status) values (gen_random_uuid(), 'USER', lower(?), ?, 'ACTIVE')",
              [`${h.local}${n}@${h.domain}`, h.name],
            );
        }
        for (const text of searches) await expectSameAsPlainLike(text);
        for (const [n, { i, to }] of renames.entries()) {
          await db
            .em()
            .execute(
              "update holder set email = lower(?), name = ? where id = (select id from holder order by id offset ? limit 1)",
              [`${to.local}r${n}@${to.domain}`, to.name, i % holders.length],
            );
        }
        for (const text of searches) await expectSameAsPlainLike(text);
      }),
      { seed: Number(process.env.FC_SEED ?? 20_261_205), numRuns: Number(process.env.FC_RUNS ?? 12) },
    );
  }, 300_000);

  it("answers a page of a search in one statement, from the suffix index", async () => {
    // The 11 holders that contain `user42` have the lowest ids: the search's sample holds them all.
    await db.em().execute(
      `insert into holder (id, kind, email, name, status)
       select case when n::text like '42%' then ('00000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid
                   else gen_random_uuid() end,
              'USER', 'user' || n || '@agency.gov.example', 'Person ' || n, 'ACTIVE'
         from generate_series(1, 2000) n`,
    );
    await db.em().execute("analyze holder");
    const em = db.em();
    const { result, sql: counted } = await countSql(() =>
      new HolderRepository(em).page({ search: "User42" }, { first: 50 }),
    );
    // Read models, not entities: nothing is hydrated into the identity map or managed.
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
    expect(result.nodes.every((h) => !(wrap(h, true).__managed ?? false))).toBe(true);
    expect(result.nodes.map((h) => h.email)).toEqual(
      ["", ...Array.from({ length: 10 }, (_, d) => `${d}`)].map((d) => `user42${d}@agency.gov.example`).sort(),
    );
    expect(counted.count).toBe(1);
    const picked = holderSearchPage("User42", [], "asc", 51) as Sql;
    const page = sql`explain select * from holder h where h.id = any(array(${picked})) order by email limit 51`;
    const plan = await db.em().execute<{ "QUERY PLAN": string }[]>(page.text, [...page.params]);
    expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/Bitmap Index Scan on holder_search_idx/);
    // Its first walk (250 holders) finds none of its 11 matches, and the sample's 11 make a guess
    // of 88 of 2,000 holders: walking on would be expected to fill the page only after ~1,160
    // holders, past the 88 it may walk, so it goes to the index without walking on.
    const explained = sql`explain (analyze, format json) ${picked}`;
    const [row] = await db
      .em()
      .execute<{ "QUERY PLAN": { Plan: PlanNode }[] }[]>(explained.text, [...explained.params]);
    // The walks read the email order (from `holder_email_key` here: the rows are not yet vacuumed).
    const walks = scansIn(row!["QUERY PLAN"][0]!.Plan).filter((s) => s.index?.startsWith("holder_email_"));
    expect(walks.map((s) => s.loops)).toEqual([1, 1, 0, 0]);
    // Its count reads the suffix index too: no holder is read but those that match.
    expect(await result.totalCount()).toBe(11);
    const count = sql`explain (analyze, format json) ${holderCountSql("User42", [])}`;
    const [countPlan] = await db.em().execute<{ "QUERY PLAN": { Plan: PlanNode }[] }[]>(count.text, [...count.params]);
    const countScans = scansIn(countPlan!["QUERY PLAN"][0]!.Plan).filter((s) => s.loops > 0);
    expect(countScans.some((s) => s.index === "holder_search_idx")).toBe(true);
    expect(countScans.filter((s) => s.node === "Seq Scan")).toEqual([]);
  });
  it("walks on in email order, from the index alone, to a text many holders contain far into the order", async () => {
    // 1,000 teams sort before the 3,000 users: `user`'s matches start after the first 1,000 holders.
    await db.em().execute(
      `insert into holder (id, kind, email, name, status)
       select gen_random_uuid(), 'USER', case when n <= 1000 then 'team' else 'user' end || n || '@agency.gov.example',
              'Person ' || n, 'ACTIVE'
         from generate_series(1, 4000) n`,
    );
    await db.em().execute("vacuum analyze holder");
    const { result, sql: counted } = await countSql(() =>
      new HolderRepository(db.em()).page({ search: "user" }, { first: 50 }),
    );
    expect(result.nodes.map((h) => h.email)).toEqual(await firstEmails("user", 50));
    expect(counted.count).toBe(1);
    const picked = holderSearchPage("user", [], "asc", 51) as Sql;
    const explained = sql`explain (analyze, format json) ${picked}`;
    const [row] = await db
      .em()
      .execute<{ "QUERY PLAN": { Plan: PlanNode }[] }[]>(explained.text, [...explained.params]);
    const scans = scansIn(row!["QUERY PLAN"][0]!.Plan);
    // The suffix index is never read (it would read all 3,000 matches), nor is any holder row:
    // the walks read the email order's index, the sample the ids' (`holder_id_email_name_idx`).
    expect(scans.filter((s) => s.index === "holder_search_idx" && s.loops > 0)).toEqual([]);
    expect(scans.filter((s) => s.loops > 0 && s.node !== "Index Only Scan")).toEqual([]);
    expect(scans.some((s) => s.node === "Index Only Scan" && s.index === "holder_email_name_idx")).toBe(true);
    expect(
      scans.some((s) => s.node === "Index Only Scan" && s.index === "holder_id_email_name_idx" && s.loops > 0),
    ).toBe(true);
  });
});
