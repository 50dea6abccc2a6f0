import { describe, expect, it } from "vitest";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi, type VariablesOf } from "../../test-support/graphql.js";
import { UserStatus } from "../holder/user/user-status.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const DAY = 86_400_000;
const PAGE = graphql(`
  query OrderedKeys($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $after: String, $first: Int) {
    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      nodes { id } pageInfo { endCursor hasNextPage }
    }
  }
`);
const PRODUCTION_CARD = graphql(`
  query ProductionKeysCard { risks(first: 50) { productionKeysHeldByIndividuals { count items { subjectId } } } }
`);
const PRODUCTION_LIST = graphql(`
  query ProductionKeysOfStaff {
    apiKeys(first: 50, filter: { environment: PRODUCTION, holderKind: USER, holderStatus: ACTIVE, status: ACTIVE }) {
      totalCount nodes { id }
    }
  }
`);

type Order = VariablesOf<typeof PAGE>["orderBy"];
type Filter = NonNullable<VariablesOf<typeof PAGE>["filter"]>;

/** Every key in `orderBy`, walked two at a time through the cursors. */
async function walk(orderBy: Order, filter: Filter = {}): Promise<string[]> {
  const ids: string[] = [];
  // Throws on any error; a function, so the cursor's type does not depend on the loop below.
  const pageAfter = async (after: string | null) =>
    (await api.execute(PAGE, { filter, orderBy, after, first: 2 })).apiKeys;
  let after: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const page = await pageAfter(after);
    ids.push(...page.nodes.map((n) => n.id));
    if (!page.pageInfo.hasNextPage) return ids;
    after = page.pageInfo.endCursor;
  }
  throw new Error("too many pages");
}

/**
 * Five keys whose names, holders, last use, expiry and creation sort differently, ties included
 * (two never used, two never expiring, two of one holder), so each order is told apart.
 */
async function seed() {
  const f = factories(db.em());
  const now = Date.now();
  const zed = await f.user({ email: "zed@agency.gov.example" });
  const amy = await f.user({ email: "amy@agency.gov.example" });
  const ops = await f.group({ email: "ops@agency.gov.example" });
  const at = (days: number) => new Date(now + days * DAY);
  const k = {
    delta: await f.key(zed, { name: "Delta", createdAt: at(-5), expiresAt: at(3) }),
    alpha: await f.key(ops, { name: "alpha", createdAt: at(-4), expiresAt: null }),
    charlie: await f.key(amy, { name: "Charlie", createdAt: at(-3), expiresAt: at(40) }),
    bravo: await f.key(zed, { name: "Bravo", createdAt: at(-2), expiresAt: at(10) }),
    echo: await f.key(ops, { name: "Echo", createdAt: at(-1), expiresAt: null }),
  };
  await db.em().execute("update api_key set last_used_at = ? where id = ?", [at(-1), k.charlie.id]);
  await db.em().execute("update api_key set last_used_at = ? where id = ?", [at(-3), k.delta.id]);
  await db.em().execute("update api_key set last_used_at = ? where id = ?", [at(-2), k.echo.id]);
  return k;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);

describe("apiKeys(orderBy)", () => {
  it("walks every sort, both ways, through stable cursors without a gap or a repeat", async () => {
    const k = await seed();
    const ids = (...keys: { id: string }[]) => keys.map((key) => key.id);
    const neverUsed = [k.alpha, k.bravo].sort(byId);
    const neverExpiring = [k.alpha, k.echo].sort(byId);
    const ofZed = [k.bravo, k.delta].sort(byId);
    const ofOps = [k.alpha, k.echo].sort(byId);
    const expected: [Order, string[]][] = [
      [null, ids(k.echo, k.bravo, k.charlie, k.alpha, k.delta)],
      [{ field: "CREATED_AT", direction: "ASC" }, ids(k.delta, k.alpha, k.charlie, k.bravo, k.echo)],
      // Names sort lower-cased, as people read them: case does not split them.
      [{ field: "NAME", direction: "ASC" }, ids(k.alpha, k.bravo, k.charlie, k.delta, k.echo)],
      [{ field: "NAME", direction: "DESC" }, ids(k.echo, k.delta, k.charlie, k.bravo, k.alpha)],
      [{ field: "HOLDER", direction: "ASC" }, ids(k.charlie, ...ofOps, ...ofZed)],
      [{ field: "HOLDER", direction: "DESC" }, ids(...[...ofZed].reverse(), ...[...ofOps].reverse(), k.charlie)],
      [{ field: "LAST_USED_AT", direction: "DESC" }, ids(k.charlie, k.echo, k.delta, ...[...neverUsed].reverse())],
      [{ field: "LAST_USED_AT", direction: "ASC" }, ids(...neverUsed, k.delta, k.echo, k.charlie)],
      [{ field: "EXPIRES_AT", direction: "ASC" }, ids(k.delta, k.bravo, k.charlie, ...neverExpiring)],
      [{ field: "EXPIRES_AT", direction: "DESC" }, ids(...[...neverExpiring].reverse(), k.charlie, k.bravo, k.delta)],
    ];
    for (const [orderBy, order] of expected) expect(await walk(orderBy), JSON.stringify(orderBy)).toEqual(order);
  });

  it("lists keys expiring within a window soonest first unless told otherwise", async () => {
    const k = await seed();
    expect(await walk(null, { expiresWithinDays: 30 })).toEqual([k.delta.id, k.bravo.id]);
    expect(await walk({ field: "CREATED_AT", direction: "DESC" }, { expiresWithinDays: 30 })).toEqual([
      k.bravo.id,
      k.delta.id,
    ]);
  });

  it("walks the keys working on a service in every sort, merged from each of its Billing holders' keys", async () => {
    const k = await seed();
    const f = factories(db.em());
    const service = await f.service();
    // zed, ops and amy, the holders of every seeded key.
    for (const key of [k.delta, k.alpha, k.charlie]) await f.collaborator(service, key.holder);
    // Keys that do not work there: a revoked one of a Billing holder, and one of a holder who is not Billing.
    const notBilling = await f.key(await f.user({ email: "out@agency.gov.example" }), { name: "Outsider" });
    const revoked = await f.key(k.delta.holder, { name: "Revoked", revokedAt: new Date() });
    const excluded = new Set([notBilling.id, revoked.id]);
    for (const field of ["CREATED_AT", "NAME", "HOLDER", "LAST_USED_AT", "EXPIRES_AT"] as const) {
      for (const direction of ["ASC", "DESC"] as const) {
        const orderBy = { field, direction };
        const expected = (await walk(orderBy)).filter((id) => !excluded.has(id));
        expect(expected).toHaveLength(Object.keys(k).length);
        expect(await walk(orderBy, { worksOnServiceId: service.id }), JSON.stringify(orderBy)).toEqual(expected);
      }
    }
  });

  it("keeps its place when a key is added before the cursor", async () => {
    const k = await seed();
    const orderBy = { field: "NAME", direction: "ASC" } as const;
    const first = await api.gql(PAGE, { orderBy, first: 2 });
    expect(first.data?.apiKeys.nodes.map((n) => n.id)).toEqual([k.alpha.id, k.bravo.id]);
    await factories(db.em()).key(await factories(db.em()).group(), { name: "Aardvark" });
    const next = await api.gql(PAGE, { orderBy, first: 2, after: first.data?.apiKeys.pageInfo.endCursor });
    expect(next.data?.apiKeys.nodes.map((n) => n.id)).toEqual([k.charlie.id, k.delta.id]);
  });

  it("refuses a tampered cursor whose value JavaScript reads but PostgreSQL would not, never a database error", async () => {
    await seed();
    const id = "00000000-0000-4000-8000-000000000000";
    const tampered = (list: string, value: string) =>
      Buffer.from(JSON.stringify([list, value, id])).toString("base64url");
    for (const [orderBy, after] of [
      // `Date.parse` reads "1" and "March 7" as dates; PostgreSQL refuses them as timestamptz.
      [null, tampered("apiKeys", "1")],
      [{ field: "EXPIRES_AT", direction: "ASC" }, tampered("apiKeys:EXPIRES_AT:ASC", "March 7")],
      [{ field: "LAST_USED_AT", direction: "DESC" }, tampered("apiKeys:LAST_USED_AT:DESC", "1")],
      [{ field: "EXPIRES_AT", direction: "DESC" }, tampered("apiKeys:EXPIRES_AT:DESC", "2026-02-30T00:00:00.000Z")],
      [{ field: "CREATED_AT", direction: "ASC" }, tampered("apiKeys:CREATED_AT:ASC", "+275760-09-13T00:00:00.000Z")],
      // Text PostgreSQL cannot hold.
      [{ field: "NAME", direction: "ASC" }, tampered("apiKeys:NAME:ASC", "a\u0000b")],
      [{ field: "HOLDER", direction: "ASC" }, tampered("apiKeys:HOLDER:ASC", "\u0000")],
      // A uuid's characters in a shape no uuid has.
      [
        { field: "NAME", direction: "ASC" },
        Buffer.from(JSON.stringify(["apiKeys:NAME:ASC", "a", "-".repeat(36)])).toString("base64url"),
      ],
    ] as const) {
      const res = await api.gql(PAGE, { orderBy, after, first: 1 });
      expect(res.errors?.[0]?.extensions?.code, `${JSON.stringify(orderBy)} ${after}`).toBe("INVALID_CURSOR");
    }
  });

  it("refuses a cursor of another order or a tampered one with INVALID_CURSOR", async () => {
    await seed();
    const byName = await api.gql(PAGE, { orderBy: { field: "NAME", direction: "ASC" }, first: 1 });
    const cursor = byName.data?.apiKeys.pageInfo.endCursor;
    const cases: [Order, string | null | undefined][] = [
      [{ field: "NAME", direction: "DESC" }, cursor],
      [null, cursor],
      [
        { field: "EXPIRES_AT", direction: "ASC" },
        Buffer.from('["apiKeys:EXPIRES_AT:ASC","soon","x"]').toString("base64url"),
      ],
      [
        { field: "EXPIRES_AT", direction: "ASC" },
        Buffer.from('["apiKeys:EXPIRES_AT:ASC","soon","00000000-0000-4000-8000-000000000000"]').toString("base64url"),
      ],
    ];
    for (const [orderBy, after] of cases) {
      const res = await api.gql(PAGE, { orderBy, after, first: 1 });
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(orderBy)).toBe("INVALID_CURSOR");
    }
  });
});

describe("apiKeys(filter: { search, holderStatus })", () => {
  it("search finds keys by their holder's email as well as name and prefix", async () => {
    const k = await seed();
    const ids = async (search: string) =>
      (await api.gql(PAGE, { filter: { search }, first: 50 })).data?.apiKeys.nodes.map((n) => n.id).sort();
    expect(await ids("ZED@agency")).toEqual([k.bravo.id, k.delta.id].sort());
    expect(await ids("ops@")).toEqual([k.alpha.id, k.echo.id].sort());
    expect(await ids("charl")).toEqual([k.charlie.id]);
    expect(await ids("nobody@")).toEqual([]);
  });

  it("holderStatus lists keys of staff or of departed people, never of group emails", async () => {
    const f = factories(db.em());
    const staff = await f.key(await f.user());
    const left = await f.key(await f.user({ status: UserStatus.DEPARTED }));
    await f.key(await f.group());
    const ids = async (holderStatus: Filter["holderStatus"]) =>
      (await api.gql(PAGE, { filter: { holderStatus }, first: 50 })).data?.apiKeys.nodes.map((n) => n.id);
    expect(await ids("ACTIVE")).toEqual([staff.id]);
    expect(await ids("DEPARTED")).toEqual([left.id]);
  });

  it("the overview's production-keys-held-by-individuals card equals the list filtered the same way", async () => {
    const f = factories(db.em());
    const staff = await f.user();
    const left = await f.user({ status: UserStatus.DEPARTED });
    await f.key(staff);
    await f.key(staff);
    await f.key(left);
    await f.key(staff, { environment: "STAGING" as never });
    await f.key(staff, { revokedAt: new Date() });
    const card = (await api.execute(PRODUCTION_CARD)).risks.productionKeysHeldByIndividuals;
    const list = await api.gql(PRODUCTION_LIST);
    expect(card.count).toBe(2);
    expect(list.data?.apiKeys.totalCount).toBe(card.count);
    expect(list.data?.apiKeys.nodes.map((n) => n.id).sort()).toEqual(card.items.map((i) => i.subjectId).sort());
  });
});
