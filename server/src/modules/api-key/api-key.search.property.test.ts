import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PageRequest } from "../../shared/pagination.js";
import { containsPattern, prefixPattern } from "../../shared/search.js";
import { allOf, type Sql, sql } from "../../shared/sql.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi, type VariablesOf } from "../../test-support/graphql.js";
import { keyFilterConditions, keyNameByPieces, keyNameParts } from "./api-key.conditions.js";
import { type ApiKeyOrder, ApiKeySortField, orderBySql, SortDirection } from "./api-key.order.js";
import { ApiKeyRepository, type HolderSearchLimits } from "./api-key.repository.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const PAGE = graphql(`
  query($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int, $after: String, $last: Int, $before: String) {
    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
      nodes { id }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`);

// Letters of both cases, digits, LIKE's wildcards and escape, spaces and letters whose lower case
// is not ASCII's, so a search that rewrites the condition must keep every one of them literal.
const CHARS = ["a", "B", "k", "h", "_", "%", "\\", " ", "4", "2", "é", "É", "ß", "ı", "İ", "-", "l", "i", "v", "e"];
const text = (max: number) => fc.array(fc.constantFrom(...CHARS), { maxLength: max }).map((cs) => cs.join(""));
/** One to `max` texts, each from `arb` or one of `samples`. */
const someOf = (arb: fc.Arbitrary<string>, samples: string[], max: number) =>
  fc.array(fc.oneof(arb, fc.constantFrom(...samples)), { minLength: 1, maxLength: max });
const PREFIX_STARTS = ["kh_live_", "kh_test_", "khxlive_", "KH_live_", "kh%live_", "kh_li"];

const keyArb = fc.record({
  name: text(12).map((t) => `${t}x`),
  prefix: fc.tuple(fc.constantFrom(...PREFIX_STARTS), text(4)).map(([start, rest]) => start + rest),
  holder: fc.nat(3),
  // Few distinct creation times, so the order's ties are broken by the id.
  createdDaysAgo: fc.nat(4),
  staging: fc.boolean(),
});
const writeArb = fc.record({
  key: fc.nat(),
  kind: fc.constantFrom("rename", "rotate", "revoke"),
  name: text(10),
  prefix: fc.tuple(fc.constantFrom(...PREFIX_STARTS), text(4)).map(([start, rest]) => start + rest),
});
type Variables = VariablesOf<typeof PAGE>;
type Filter = NonNullable<Variables["filter"]>;

const ORDERS = [
  null,
  { field: ApiKeySortField.CREATED_AT, direction: SortDirection.ASC },
  { field: ApiKeySortField.NAME, direction: SortDirection.ASC },
  { field: ApiKeySortField.HOLDER, direction: SortDirection.DESC },
  { field: ApiKeySortField.EXPIRES_AT, direction: SortDirection.ASC },
];
const EXTRA_FILTERS: Filter[] = [{}, { environment: "STAGING" }, { status: "REVOKED" }, { unusedForDays: 2 }];

/** Every key of `filter` in `order`, walked page by page forward, and backward from the end. */
async function walked(
  filter: Filter,
  orderBy: Variables["orderBy"],
  size: number,
): Promise<{ forward: string[]; back: string[] }> {
  const pageOf = async (variables: Partial<Pick<Variables, "first" | "after" | "last" | "before">>) => {
    const res = await api.gql(PAGE, { filter, orderBy, ...variables });
    expect(res.errors).toBeUndefined();
    return res.data!.apiKeys;
  };
  const forward = await forwardFrom(async (after) => {
    const page = await pageOf({ first: size, after });
    return { ids: page.nodes.map((n) => n.id), next: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null };
  });
  const back: string[] = [];
  let before: string | null = null;
  for (let more = true; more; ) {
    const page = await pageOf({ last: size, before });
    back.unshift(...page.nodes.map((n) => n.id));
    more = page.pageInfo.hasPreviousPage;
    before = page.pageInfo.startCursor;
  }
  return { forward, back };
}

/**
 * The holder part's other two ways (`HolderSearchLimits`), which a registry this small never
 * needs: its walk stops after one key, then the matching holders' keys are read holder by holder,
 * or (no holder is few enough) the walk goes on to the page.
 */
const HOLDER_WAYS: HolderSearchLimits[] = [
  { walk: 1, fewHolders: 1000 },
  { walk: 1, fewHolders: 0 },
];

/** Every key of `filter` in `order`, walked page by page forward by the repository with `limits`. */
async function walkedWith(limits: HolderSearchLimits, filter: Filter, order: ApiKeyOrder | null, size: number) {
  const repository = new ApiKeyRepository(db.em(), limits);
  return forwardFrom(async (after) => {
    const { page } = await repository.page(filter as never, { first: size, after }, new Date(), order);
    const last = page.nodes[page.nodes.length - 1];
    return { ids: page.nodes.map((k) => k.id), next: page.hasNextPage && last ? page.cursorOf(last) : null };
  });
}

/** The ids of every page from the first, each page given the cursor after the one before (null first). */
async function forwardFrom(
  pageOf: (after: string | null) => Promise<{ ids: string[]; next: string | null }>,
): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const page: { ids: string[]; next: string | null } = await pageOf(after);
    ids.push(...page.ids);
    after = page.next;
  } while (after !== null);
  return ids;
}

describe("apiKeys(filter: { search })", () => {
  it("lists exactly the keys of the one search condition, in the list's order, page by page", async () => {
    const f = factories(db.em());
    const holders = [
      await f.user({ email: "ab_4242@agency.gov.example" }),
      await f.user({ email: "kh%x@agency.gov.example" }),
      await f.group({ email: "key-team@agency.gov.example" }),
      await f.user(),
    ];
    const run = fc.asyncProperty(
      fc.array(keyArb, { minLength: 1, maxLength: 14 }),
      fc.array(writeArb, { maxLength: 6 }),
      fc.array(
        fc.oneof(text(5), fc.constantFrom("kh_live_", "kh_", "KH", "kh%", "4242", " key ", "agency", "ab_", "İ", "ß")),
        { minLength: 1, maxLength: 4 },
      ),
      fc.nat(ORDERS.length - 1),
      fc.nat(EXTRA_FILTERS.length - 1),
      fc.integer({ min: 1, max: 4 }),
      async (specs, writes, searches, orderIndex, extraIndex, size) => {
        const em = db.em();
        await em.execute("delete from api_key");
        const keys = await f.keys(specs.map((s) => ({ holder: holders[s.holder]!, name: s.name })));
        for (const [i, s] of specs.entries()) {
          await em.execute(
            `update api_key set prefix = ?, environment = ?, created_at = date_trunc('day', now()) - make_interval(days => ?)
              where id = ?`,
            [s.prefix, s.staging ? "STAGING" : "PRODUCTION", s.createdDaysAgo, keys[i]!.id],
          );
        }
        // Renames, rotations (a new prefix, the old one kept as the previous) and revocations.
        for (const w of writes) {
          const id = keys[w.key % keys.length]!.id;
          if (w.kind === "rename") await em.execute("update api_key set name = ? where id = ?", [`${w.name}y`, id]);
          if (w.kind === "rotate") {
            await em.execute("update api_key set previous_prefix = prefix, prefix = ? where id = ?", [w.prefix, id]);
          }
          if (w.kind === "revoke") {
            await em.execute(
              "update api_key set revoked_at = now(), revoked_reason = 'test' where id = ? and revoked_at is null",
              [id],
            );
          }
        }
        // Each search also as a substring of a name and as the start of a prefix, as people type them.
        const sample = specs[0]!;
        const texts = [...searches, sample.name.slice(1, 5).toUpperCase(), sample.prefix.slice(0, 9)];
        const order = ORDERS[orderIndex] ?? null;
        for (const search of texts) {
          const filter = { search, ...EXTRA_FILTERS[extraIndex] };
          // The search as plain LIKEs on the key and its holder (`h`), whatever indexes the list uses.
          const conditions = [
            sql`(lower(k.name) like ${containsPattern(search)} or k.prefix like ${prefixPattern(search)}
                 or h.email like ${containsPattern(search)})`,
            ...keyFilterConditions({ ...filter, search: null } as never, new Date()),
          ];
          const expected = (
            await em.execute<{ id: string }[]>(
              `select k.id from api_key k join holder h on h.id = k.holder_id where ${allOf(conditions).text}
                order by ${orderBySql(order ?? { field: ApiKeySortField.CREATED_AT, direction: SortDirection.DESC })}`,
              [...allOf(conditions).params],
            )
          ).map((r) => r.id);
          const { forward, back } = await walked(filter, order, size);
          expect(forward, JSON.stringify({ filter, order })).toEqual(expected);
          expect(back, JSON.stringify({ filter, order })).toEqual(expected);
          for (const limits of HOLDER_WAYS) {
            expect(await walkedWith(limits, filter, order, size), JSON.stringify({ filter, order, limits })).toEqual(
              expected,
            );
          }
        }
      },
    );
    await fc.assert(run, { numRuns: 25, seed: 20_261_205 });
  }, 300_000);

  it("selects by a name's pieces, and by the name's parts, exactly the keys whose name contains the text", async () => {
    const f = factories(db.em());
    const holder = await f.user();
    const run = fc.asyncProperty(
      someOf(text(12), ["Key 4242 for STAGING", "key 42", "a-b_4%2 é"], 14),
      someOf(text(6), ["key 4242", "Y 42", "4 f", " a-", "b_4", "2 é", "İ"], 6),
      async (names, searches) => {
        const em = db.em();
        await em.execute("delete from api_key");
        await f.keys(names.map((name) => ({ holder, name: `${name}x` })));
        const ids = async (condition: Sql) =>
          (
            await em.execute<{ id: string }[]>(`select k.id from api_key k where ${condition.text} order by k.id`, [
              ...condition.params,
            ])
          ).map((r) => r.id);
        for (const search of [...searches, names[0]!.slice(1, 6).toUpperCase()]) {
          const label = JSON.stringify({ search, names });
          const expected = await ids(sql`lower(k.name) like ${containsPattern(search)}`);
          const byPieces = keyNameByPieces(search);
          if (byPieces) expect(await ids(byPieces), label).toEqual(expected);
          const parts = await Promise.all(keyNameParts(search).map(ids));
          expect(parts.flat().sort(), label).toEqual(expected);
        }
      },
    );
    await fc.assert(run, { numRuns: 40, seed: 20_261_205 });
  }, 300_000);
});

/** The holder part's three ways: the walk that answers (the default here), the few holders' keys, the walk to the page. */
const EVERY_HOLDER_WAY: HolderSearchLimits[] = [{ walk: 250, fewHolders: 1000 }, ...HOLDER_WAYS];

describe("apiKeys(filter: { search }) by holder, paged backward", () => {
  it("gives, under each way of the holder part, backward pages that are the forward pages reversed, from the end and from every cursor", async () => {
    const f = factories(db.em());
    const em = db.em();
    const [ana, bo, team, other] = [
      await f.user({ email: "ana@payroll.example" }),
      await f.user({ email: "bo.payroll@city.example" }),
      await f.group({ email: "payroll-team@city.example" }),
      await f.user({ email: "zed@city.example" }),
    ];
    // Keys of the three matching holders, and of one that does not match whose names match or not.
    const specs = [
      ...[ana, bo, team].flatMap((holder, h) =>
        Array.from({ length: 4 }, (_, i) => ({ holder, name: `key ${h}${i}`, staging: i % 2 === 0 })),
      ),
      { holder: other, name: "Payroll export", staging: false },
      { holder: other, name: "reports", staging: false },
      { holder: other, name: "payroll reports", staging: true },
    ];
    const keys = await f.keys(specs.map(({ holder, name }) => ({ holder, name })));
    for (const [i, s] of specs.entries()) {
      // Few creation times, so the order's ties are broken by the id; some keys expire.
      await em.execute(
        `update api_key set environment = ?, created_at = date_trunc('day', now()) - make_interval(days => ?),
                expires_at = case when ? then now() + make_interval(days => ?) end
          where id = ?`,
        [s.staging ? "STAGING" : "PRODUCTION", i % 3, i % 4 === 1, i % 5, keys[i]!.id],
      );
    }
    // The search as plain LIKEs on the key and its holder (`h`), whatever the list's statement is.
    const expectedIds = async (filter: Filter, order: ApiKeyOrder | null) => {
      const search = filter.search!;
      const conditions = [
        sql`(lower(k.name) like ${containsPattern(search)} or k.prefix like ${prefixPattern(search)}
             or h.email like ${containsPattern(search)})`,
        ...keyFilterConditions({ ...filter, search: null } as never, new Date()),
      ];
      const rows = await em.execute<{ id: string }[]>(
        `select k.id from api_key k join holder h on h.id = k.holder_id where ${allOf(conditions).text}
          order by ${orderBySql(order ?? { field: ApiKeySortField.CREATED_AT, direction: SortDirection.DESC })}`,
        [...allOf(conditions).params],
      );
      return rows.map((r) => r.id);
    };
    const filters: Filter[] = [
      { search: "payroll" },
      { search: "payroll", environment: "STAGING" },
      { search: "PAYROLL", unusedForDays: 1 },
    ];
    for (const limits of EVERY_HOLDER_WAY) {
      const repository = new ApiKeyRepository(db.em(), limits);
      for (const filter of filters) {
        for (const order of ORDERS) {
          for (const size of [2, 3]) {
            const label = JSON.stringify({ limits, filter, order, size });
            const pageOf = async (request: PageRequest) =>
              (await repository.page(filter as never, request, new Date(), order)).page;
            // Forward, page by page, keeping each key's cursor.
            const forward: { id: string; cursor: string }[] = [];
            for (let after: string | null = null, more = true; more; ) {
              const page = await pageOf({ first: size, after });
              forward.push(...page.nodes.map((k) => ({ id: k.id, cursor: page.cursorOf(k) })));
              more = page.hasNextPage;
              after = forward[forward.length - 1]?.cursor ?? null;
            }
            const ids = forward.map((k) => k.id);
            expect(ids, label).toEqual(await expectedIds(filter, order));
            expect(ids.length, label).toBeGreaterThan(size * 2);
            expect(new Set(ids).size, label).toBe(ids.length);
            // Backward from the end: each page the forward list's keys just before the last one's cursor.
            const back: string[][] = [];
            for (let before: string | null = null, more = true; more; ) {
              const page = await pageOf({ last: size, before });
              const pageIds = page.nodes.map((k) => k.id);
              const end = before === null ? ids.length : ids.indexOf(back[0]![0]!);
              expect(pageIds, label).toEqual(ids.slice(Math.max(0, end - size), end));
              back.unshift(pageIds);
              more = page.hasPreviousPage;
              expect(more, label).toBe(end - size > 0);
              before = page.nodes[0] ? page.cursorOf(page.nodes[0]) : null;
            }
            expect(back.flat(), label).toEqual(ids);
            // From each key's cursor, in the middle of the list as at its ends, both ways.
            for (const [i, { cursor }] of forward.entries()) {
              const before = await pageOf({ last: size, before: cursor });
              expect(
                before.nodes.map((k) => k.id),
                `${label} before ${i}`,
              ).toEqual(ids.slice(Math.max(0, i - size), i));
              expect(before.hasPreviousPage, `${label} before ${i}`).toBe(i - size > 0);
              const after = await pageOf({ first: size, after: cursor });
              expect(
                after.nodes.map((k) => k.id),
                `${label} after ${i}`,
              ).toEqual(ids.slice(i + 1, i + 1 + size));
            }
          }
        }
      }
    }
  }, 300_000);
});
