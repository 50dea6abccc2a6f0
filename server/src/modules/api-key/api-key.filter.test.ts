import { afterEach, describe, expect, it, vi } from "vitest";
import { seedDemoData } from "../../seed/demo.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi, type VariablesOf } from "../../test-support/graphql.js";
import { Environment } from "./environment.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));
afterEach(() => vi.useRealTimers());

const DAY = 86_400_000;
const MS = 1;
// A whole second, so every timestamp below is exact at the database's millisecond precision.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);

function freezeClock() {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
}

const at = (offset: number) => new Date(NOW.getTime() + offset);

const LIST = graphql(`
  query($filter: ApiKeyFilter) { apiKeys(first: 500, filter: $filter) { totalCount nodes { id } } }
`);
const RISKS = graphql(`
  query($expiring: Int, $unused: Int) {
    risks(expiringWithinDays: $expiring, unusedForDays: $unused, first: 500) {
      keysExpiringSoon { count items { subjectId } }
      unusedKeys { count items { subjectId } }
    }
  }
`);

async function listed(filter: VariablesOf<typeof LIST>["filter"]): Promise<string[]> {
  const res = await api.gql(LIST, { filter });
  expect(res.errors).toBeUndefined();
  expect(res.data?.apiKeys.totalCount).toBe(res.data?.apiKeys.nodes.length);
  return res.data!.apiKeys.nodes.map((n) => n.id).sort();
}

async function risks(expiring: number, unused: number) {
  const res = await api.gql(RISKS, { expiring, unused });
  expect(res.errors).toBeUndefined();
  const ids = (category: { items: { subjectId: string }[] }) => category.items.map((i) => i.subjectId).sort();
  return {
    expiring: ids(res.data!.risks.keysExpiringSoon),
    unused: ids(res.data!.risks.unusedKeys),
    expiringCount: res.data?.risks?.keysExpiringSoon?.count,
    unusedCount: res.data?.risks?.unusedKeys?.count,
  };
}

const sorted = (...keys: { id: string }[]) => keys.map((k) => k.id).sort();

describe("apiKeys(filter: { unusedForDays })", () => {
  it("counts a key last used, or created and never used, exactly N days ago, and not a millisecond later", async () => {
    freezeClock();
    const em = db.em();
    const f = factories(em);
    const holder = await f.group();
    const old = at(-400 * DAY);
    const usedAtBoundary = await f.key(holder, { name: "used 90 days ago", createdAt: old });
    const usedJustInside = await f.key(holder, { name: "used 90 days ago less 1 ms", createdAt: old });
    const neverUsedAtBoundary = await f.key(holder, { name: "created 90 days ago", createdAt: at(-90 * DAY) });
    const neverUsedYoung = await f.key(holder, { name: "created 90 days less 1 ms", createdAt: at(-90 * DAY + MS) });
    const revoked = await f.key(holder, { name: "revoked", createdAt: old, revokedAt: at(-DAY) });
    const expiredNow = await f.key(holder, { name: "expires now", createdAt: old, expiresAt: NOW });
    const expiresLater = await f.key(holder, { name: "expires in 1 ms", createdAt: old, expiresAt: at(MS) });
    usedAtBoundary.lastUsedAt = at(-90 * DAY);
    usedJustInside.lastUsedAt = at(-90 * DAY + MS);
    for (const key of [revoked, expiredNow, expiresLater]) key.lastUsedAt = at(-200 * DAY);
    await em.flush();

    const expected = sorted(usedAtBoundary, neverUsedAtBoundary, expiresLater);
    expect(await listed({ unusedForDays: 90 })).toEqual(expected);
    const fromRisks = await risks(30, 90);
    expect(fromRisks.unused).toEqual(expected);
    expect(fromRisks.unusedCount).toBe(expected.length);

    expect(await listed({ unusedForDays: 1 })).toEqual(
      sorted(usedAtBoundary, usedJustInside, neverUsedAtBoundary, neverUsedYoung, expiresLater),
    );
    expect(await listed({ unusedForDays: 91 })).toEqual(sorted(expiresLater));
    expect(await listed({ unusedForDays: 90, status: "REVOKED" })).toEqual([]);
  });
});

describe("apiKeys(filter: { unusedForDays }) in pages", () => {
  it("lists a key last used before it was created (imported with an earlier last use) in its place by creation", async () => {
    freezeClock();
    const em = db.em();
    const f = factories(em);
    const holder = await f.group();
    const oldest = await f.key(holder, { name: "created 400 days ago", createdAt: at(-400 * DAY) });
    const imported = await f.key(holder, { name: "imported today, last used 200 days ago", createdAt: at(-DAY) });
    const older = await f.key(holder, { name: "created 300 days ago", createdAt: at(-300 * DAY) });
    await f.key(holder, { name: "created 10 days ago", createdAt: at(-10 * DAY) });
    imported.lastUsedAt = at(-200 * DAY);
    await em.flush();

    const PAGE = graphql(`
      query($after: String) {
        apiKeys(first: 1, after: $after, filter: { unusedForDays: 90 }) {
          totalCount nodes { id } pageInfo { endCursor hasNextPage }
        }
      }
    `);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 4; i++) {
      const res = await api.gql(PAGE, { after });
      expect(res.errors).toBeUndefined();
      const page: {
        totalCount: number;
        nodes: { id: string }[];
        pageInfo: { endCursor?: string | null; hasNextPage: boolean };
      } = res.data!.apiKeys;
      expect(page.totalCount).toBe(3);
      seen.push(...page.nodes.map((n) => n.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor ?? null;
    }
    // Newest first by creation, the imported key first although its last use is older than the others'.
    expect(seen).toEqual([imported.id, older.id, oldest.id]);
    // The risks overview's first unused keys come in the same order, from the same two walks.
    const res = await api.gql(
      graphql(`{ risks(unusedForDays: 90, first: 2) { unusedKeys { count items { subjectId } } } }`),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.risks.unusedKeys).toEqual({
      count: 3,
      items: [{ subjectId: imported.id }, { subjectId: older.id }],
    });
  });
});

describe("apiKeys(filter: { expiresWithinDays })", () => {
  it("counts a key expiring exactly N days from now, not one expiring now or a millisecond after N days", async () => {
    freezeClock();
    const f = factories(db.em());
    const holder = await f.group();
    const expiresNow = await f.key(holder, { name: "expires now", expiresAt: NOW });
    const inOneMs = await f.key(holder, { name: "expires in 1 ms", expiresAt: at(MS) });
    const atBoundary = await f.key(holder, { name: "expires in 7 days", expiresAt: at(7 * DAY) });
    const pastBoundary = await f.key(holder, { name: "expires in 7 days and 1 ms", expiresAt: at(7 * DAY + MS) });
    const revoked = await f.key(holder, { name: "revoked", expiresAt: at(DAY), revokedAt: at(-DAY) });
    const never = await f.key(holder, { name: "never expires" });

    const expected = sorted(inOneMs, atBoundary);
    expect(await listed({ expiresWithinDays: 7 })).toEqual(expected);
    const fromRisks = await risks(7, 90);
    expect(fromRisks.expiring).toEqual(expected);
    expect(fromRisks.expiringCount).toBe(expected.length);

    expect(await listed({ expiresWithinDays: 0 })).toEqual([]);
    expect(await listed({ expiresWithinDays: 8 })).toEqual(sorted(inOneMs, atBoundary, pastBoundary));
    expect(await listed({ status: "EXPIRED" })).toEqual(sorted(expiresNow));
    expect(await listed({ status: "REVOKED" })).toEqual(sorted(revoked));
    expect(await listed({ expiresWithinDays: 3650 })).not.toContain(never.id);
  });
});

describe("apiKeys(filter: { search })", () => {
  it("matches % and _ literally, in names and in prefixes alike", async () => {
    const f = factories(db.em());
    const holder = await f.group();
    const plain = await f.key(holder, { name: "payments" });
    const staging = await f.key(holder, { name: "staging", environment: Environment.STAGING });
    const percent = await f.key(holder, { name: "100% of fines" });
    expect(await listed({ search: "%" })).toEqual(sorted(percent));
    expect(await listed({ search: "_" })).toEqual([]);
    expect(await listed({ search: "kh%" })).toEqual([]);
    expect(await listed({ search: "k_" })).toEqual([]);
    expect(await listed({ search: "kh_live_" })).toEqual(sorted(plain, percent));
    expect(await listed({ search: staging.prefix })).toEqual(sorted(staging));
  });
});

describe("day windows", () => {
  it("refuse what is not 1 to 3650 days unused, or 0 to 3650 days to expiry, naming the field", async () => {
    const refusal = async (filter: VariablesOf<typeof LIST>["filter"]) => {
      const res = await api.gql(LIST, { filter });
      expect(res.data?.apiKeys ?? null).toBeNull();
      return res.errors?.[0]?.extensions;
    };
    for (const unusedForDays of [0, -1, 3651]) {
      expect(await refusal({ unusedForDays })).toMatchObject({ code: "BAD_USER_INPUT", field: "unusedForDays" });
    }
    for (const expiresWithinDays of [-1, 3651]) {
      expect(await refusal({ expiresWithinDays })).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "expiresWithinDays",
      });
    }
    for (const filter of [{ unusedForDays: 1 }, { unusedForDays: 3650 }, { expiresWithinDays: 0 }]) {
      expect(await listed(filter)).toEqual([]);
    }
  });

  it("in the demo organisation, the risks overview counts exactly the keys the filtered list shows", async () => {
    freezeClock();
    await seedDemoData(db.em(), { now: NOW });
    for (const days of [1, 7, 30, 90, 365]) {
      const overview = await risks(days, days);
      const unused = await api.gql(LIST, { filter: { unusedForDays: days } });
      const expiring = await api.gql(LIST, { filter: { expiresWithinDays: days } });
      expect(unused.data?.apiKeys?.totalCount, `unused for ${days} days`).toBe(overview.unusedCount);
      expect(expiring.data?.apiKeys?.totalCount, `expiring within ${days} days`).toBe(overview.expiringCount);
      expect(unused.data?.apiKeys?.nodes?.map((n: { id: string }) => n.id).sort()).toEqual(overview.unused);
      expect(expiring.data?.apiKeys?.nodes?.map((n: { id: string }) => n.id).sort()).toEqual(overview.expiring);
    }
    // The defaults the overview opens with find something in the demo, so the equality means something.
    const defaults = await risks(30, 90);
    expect(defaults.expiringCount).toBeGreaterThan(0);
    expect(defaults.unusedCount).toBeGreaterThan(0);
  });
});

describe("apiKeys search by prefix", () => {
  it("matches the prefix literally: an underscore is not a wildcard", async () => {
    const f = factories(db.em());
    const holder = await f.user();
    const real = await f.key(holder, { name: "real" });
    const lookalike = await f.key(holder, { name: "lookalike" });
    await db.em().execute("update api_key set prefix = ? where id = ?", ["kh_live_ab12", real.id]);
    await db.em().execute("update api_key set prefix = ? where id = ?", ["khxlivexab12", lookalike.id]);
    expect(await listed({ search: "kh_live_ab" })).toEqual([real.id]);
  });
});
