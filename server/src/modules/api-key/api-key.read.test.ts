import { describe, expect, it } from "vitest";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import {
  type GqlResult,
  graphql,
  type ResultOf,
  type TestApi,
  useTestApi,
  type VariablesOf,
} from "../../test-support/graphql.js";
import { KEY_WORKS_ON, worksOnSlugs } from "../../test-support/keys.js";
import type { Holder } from "../holder/holder.entity.js";
import { Environment } from "./environment.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const DAY = 86_400_000;

const KEYS_PAGE = graphql(`
  query Keys($first: Int, $after: String, $filter: ApiKeyFilter) {
    apiKeys(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      nodes { id name status environment holder { __typename id email } worksOn { slug } }
    }
  }
`);

describe("the two-hop rule", () => {
  it("a key works on exactly the services where its holder is a BILLING collaborator", async () => {
    const f = factories(db.em());
    const holder = await f.user();
    const billing = await f.service({ slug: "billing-here" });
    const adminOnly = await f.service({ slug: "admin-only" });
    await f.collaborator(billing, holder, CollaboratorRole.BILLING);
    await f.collaborator(adminOnly, holder, CollaboratorRole.ADMIN);
    const key = await f.key(holder);

    expect(await worksOnSlugs(api, key.id)).toEqual(["billing-here"]);
  });

  it("for a group email the group itself must be the collaborator, not its members", async () => {
    const f = factories(db.em());
    const member = await f.user();
    const group = await f.group({}, [member]);
    const viaMember = await f.service({ slug: "member-billing" });
    const viaGroup = await f.service({ slug: "group-billing" });
    await f.collaborator(viaMember, member);
    await f.collaborator(viaGroup, group);
    const key = await f.key(group);

    expect(await worksOnSlugs(api, key.id)).toEqual(["group-billing"]);
  });

  it("revoked and expired keys work nowhere, and archived services accept no key", async () => {
    const f = factories(db.em());
    const holder = await f.group();
    const live = await f.service({ slug: "live" });
    const archived = await f.service({ slug: "archived", archivedAt: new Date() });
    await f.collaborator(live, holder);
    await f.collaborator(archived, holder);
    const active = await f.key(holder, { name: "active" });
    const revoked = await f.key(holder, { name: "revoked", revokedAt: new Date(), revokedReason: "leaked" });
    const expired = await f.key(holder, { name: "expired", expiresAt: new Date(Date.now() - 1000) });

    const res = await api.gql(
      graphql(`query($a: ID!, $r: ID!, $e: ID!) {
        a: apiKey(id: $a) { status worksOn { slug } }
        r: apiKey(id: $r) { status worksOn { slug } }
        e: apiKey(id: $e) { status worksOn { slug } }
      }`),
      { a: active.id, r: revoked.id, e: expired.id },
    );
    expect(res.data).toEqual({
      a: { status: "ACTIVE", worksOn: [{ slug: "live" }] },
      r: { status: "REVOKED", worksOn: [] },
      e: { status: "EXPIRED", worksOn: [] },
    });
  });

  it("service.workingKeys answers the same question backwards", async () => {
    const f = factories(db.em());
    const group = await f.group();
    const person = await f.user();
    const service = await f.service();
    await f.collaborator(service, group);
    await f.collaborator(service, person, CollaboratorRole.VIEWER);
    const working = await f.key(group, { name: "working" });
    await f.key(group, { name: "revoked", revokedAt: new Date() });
    await f.key(person, { name: "viewer's key" });

    const res = await api.gql(
      graphql(`query($id: ID!) { service(id: $id) { workingKeys { totalCount nodes { id name } } } }`),
      {
        id: service.id,
      },
    );
    expect(res.data?.service?.workingKeys).toEqual({ totalCount: 1, nodes: [{ id: working.id, name: "working" }] });
  });
});

describe("apiKeys", () => {
  it("pages through every key once, newest first, with a stable order", async () => {
    const f = factories(db.em());
    const holder = await f.user();
    const created = [];
    const base = Date.now() - 100 * DAY;
    for (let i = 0; i < 23; i++) {
      // Pairs share a timestamp so the id tie-break is exercised.
      created.push(await f.key(holder, { name: `k${i}`, createdAt: new Date(base + Math.floor(i / 2) * DAY) }));
    }
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: GqlResult<ResultOf<typeof KEYS_PAGE>> = await api.gql(KEYS_PAGE, { first: 5, after });
      expect(res.errors).toBeUndefined();
      const page = res.data!.apiKeys;
      expect(page.totalCount).toBe(23);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...page.nodes.map((n) => n.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(23);
    const expected = [...created]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((k) => k.id);
    expect(seen).toEqual(expected);
  });

  it("filters by environment, status, holder kind, holder, service and text", async () => {
    const f = factories(db.em());
    const person = await f.user();
    const group = await f.group();
    const service = await f.service();
    await f.collaborator(service, group);
    const prod = await f.key(group, { name: "Payments Backend", environment: Environment.PRODUCTION });
    const staging = await f.key(person, { name: "sandbox", environment: Environment.STAGING });
    const revoked = await f.key(person, { name: "old", revokedAt: new Date() });
    const expired = await f.key(group, { name: "expired", expiresAt: new Date(Date.now() - DAY) });
    const soon = await f.key(person, { name: "soon", expiresAt: new Date(Date.now() + 3 * DAY) });

    const ids = async (filter: Record<string, unknown>) => {
      const res = await api.gql(KEYS_PAGE, { filter });
      expect(res.errors).toBeUndefined();
      return res.data?.apiKeys?.nodes?.map((n) => n.id).sort();
    };
    const sorted = (...keys: { id: string }[]) => keys.map((k) => k.id).sort();
    expect(await ids({ environment: "STAGING" })).toEqual(sorted(staging));
    expect(await ids({ status: "REVOKED" })).toEqual(sorted(revoked));
    expect(await ids({ status: "EXPIRED" })).toEqual(sorted(expired));
    expect(await ids({ status: "ACTIVE" })).toEqual(sorted(prod, staging, soon));
    expect(await ids({ holderKind: "GROUP" })).toEqual(sorted(prod, expired));
    expect(await ids({ holderId: person.id })).toEqual(sorted(staging, revoked, soon));
    expect(await ids({ worksOnServiceId: service.id })).toEqual(sorted(prod));
    expect(await ids({ search: "payments back" })).toEqual(sorted(prod));
    expect(await ids({ search: prod.prefix })).toEqual(sorted(prod));
    expect(await ids({ search: "100%_" })).toEqual([]);
    expect(await ids({ expiresWithinDays: 7 })).toEqual(sorted(soon));
  });

  it("rejects bad paging and ids with stable codes", async () => {
    // Well-typed variables whose values are out of range: the answer is an error.
    const bad = async (variables: VariablesOf<typeof KEYS_PAGE>) => {
      const res = await api.gql(KEYS_PAGE, variables);
      expect(res.data?.apiKeys ?? null).toBeNull();
      return res.errors?.[0]?.extensions;
    };
    expect(await bad({ first: 501 })).toMatchObject({ code: "INVALID_PAGE_SIZE", field: "first" });
    expect(await bad({ first: -1 })).toMatchObject({ code: "INVALID_PAGE_SIZE" });
    expect(await bad({ after: "not-a-cursor" })).toMatchObject({ code: "INVALID_CURSOR", field: "after" });
    const holderCursor = Buffer.from(JSON.stringify(["someone@example.com"])).toString("base64url");
    expect(await bad({ after: holderCursor })).toMatchObject({ code: "INVALID_CURSOR" });
    const byId = await api.gql(KEY_WORKS_ON, { id: "1; drop table api_key" });
    expect(byId.data?.apiKey ?? null).toBeNull();
    expect(byId.errors?.[0]?.extensions).toMatchObject({ code: "INVALID_ID" });
    expect(await bad({ filter: { holderId: "nope" } })).toMatchObject({
      code: "INVALID_ID",
      field: "holderId",
    });
    expect(await bad({ filter: { search: "x".repeat(201) } })).toMatchObject({ code: "BAD_USER_INPUT" });
  });

  it("reads an empty cursor as the start of the list, as Relay clients send it", async () => {
    const f = factories(db.em());
    const holder = await f.user();
    for (let i = 0; i < 3; i++) await f.key(holder);
    const first = await api.gql(KEYS_PAGE, { first: 2 });
    const empty = await api.gql(KEYS_PAGE, { first: 2, after: "" });
    expect(empty.errors).toBeUndefined();
    expect(empty.data?.apiKeys.nodes.map((k) => k.id)).toEqual(first.data?.apiKeys.nodes.map((k) => k.id));
    expect(empty.data?.apiKeys.pageInfo.hasPreviousPage).toBe(false);
  });

  it("returns null for an unknown id", async () => {
    const res = await api.gql(graphql(`{ apiKey(id: "00000000-0000-4000-8000-000000000000") { id } }`));
    expect(res.errors).toBeUndefined();
    expect(res.data?.apiKey).toBeNull();
  });
});

describe("SQL per request", () => {
  it("listing keys with holder and worksOn costs the same statements for 10, 100 and 500 keys", async () => {
    const em = db.em();
    const f = factories(em);
    const services = [];
    for (let i = 0; i < 20; i++) services.push(await f.service());
    const holders: Holder[] = [];
    for (let i = 0; i < 30; i++) {
      const holder = i % 2 ? await f.user() : await f.group();
      for (let s = 0; s < 3; s++) await f.collaborator(services[(i + s * 7) % services.length]!, holder);
      holders.push(holder);
    }
    await f.keys(Array.from({ length: 520 }, (_, i) => ({ holder: holders[i % holders.length]!, name: `bulk ${i}` })));

    const counts: number[] = [];
    for (const first of [10, 100, 500]) {
      const res = await api.gql(
        graphql(`query($first: Int) { apiKeys(first: $first) { nodes { id holder { email } worksOn { slug } } } }`),
        { first },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.apiKeys?.nodes).toHaveLength(first);
      expect(res.data?.apiKeys?.nodes?.every((n: { worksOn: unknown[] }) => n.worksOn.length === 3)).toBe(true);
      counts.push(res.sqlStatements);
    }
    // One statement: the page with its holders and where its keys work, which primes worksOn.
    expect(counts).toEqual([1, 1, 1]);
  });
});
