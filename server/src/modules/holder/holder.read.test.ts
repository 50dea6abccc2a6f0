import { describe, expect, it } from "vitest";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { type GqlResult, graphql, type ResultOf, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { Environment } from "../api-key/environment.js";
import { UserStatus } from "./user/user-status.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const HOLDERS = graphql(`
  query Holders($first: Int, $after: String, $filter: HolderFilter) {
    holders(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      nodes { __typename id email kind }
    }
  }
`);

/** Ten holders, users and group emails mixed, with collaborations and memberships to filter on. */
async function organisation() {
  const f = factories(db.em());
  const alice = await f.user({ email: "alice@agency.gov.example", name: "Alice Tan" });
  const bob = await f.user({ email: "bob@agency.gov.example", name: "Bob Lim", status: UserStatus.DEPARTED });
  const carol = await f.user({ email: "carol@agency.gov.example", name: "Carol Ng (100% remote)" });
  const dan = await f.user({ email: "dan@agency.gov.example", name: "Zed Quux" });
  const erin = await f.user({ email: "erin@other.gov.example", name: "Erin Goh" });
  const finance = await f.group({ email: "finance-team@agency.gov.example", name: "Finance Team" }, [alice, bob]);
  const payments = await f.group({ email: "payments-ops@agency.gov.example", name: "Payments Ops" }, [carol]);
  const devOps = await f.group({ email: "dev_ops@agency.gov.example", name: "Developer Operations" });
  const archive = await f.group({ email: "archive@other.gov.example", name: "Archive" });
  const zulu = await f.user({ email: "zulu@agency.gov.example", name: "Zulu Koh" });
  const fines = await f.service({ slug: "parking-fines" });
  const permits = await f.service({ slug: "permits" });
  await f.collaborator(fines, finance, CollaboratorRole.BILLING);
  await f.collaborator(fines, alice, CollaboratorRole.ADMIN);
  await f.collaborator(permits, payments, CollaboratorRole.BILLING);
  await f.collaborator(permits, alice, CollaboratorRole.BILLING);
  await f.collaborator(permits, carol, CollaboratorRole.VIEWER);
  return { alice, bob, carol, dan, erin, zulu, finance, payments, devOps, archive, fines, permits };
}

// The API is called by test accounts at @keyholder.test; lists are narrowed to the test's own organisation.
const emailsOf = async (filter: Record<string, unknown>) => {
  const res = await api.gql(HOLDERS, { filter: { search: "gov.example", ...filter } });
  expect(res.errors).toBeUndefined();
  return res.data?.holders?.nodes?.map((n) => n.email);
};

describe("holders", () => {
  it("lists users and group emails together, ordered by email", async () => {
    await organisation();
    const res = await api.gql(HOLDERS, { filter: { search: "gov.example" } });
    expect(res.errors).toBeUndefined();
    const emails = res.data?.holders?.nodes?.map((n) => n.email);
    expect(emails).toEqual([
      "alice@agency.gov.example",
      "archive@other.gov.example",
      "bob@agency.gov.example",
      "carol@agency.gov.example",
      "dan@agency.gov.example",
      "dev_ops@agency.gov.example",
      "erin@other.gov.example",
      "finance-team@agency.gov.example",
      "payments-ops@agency.gov.example",
      "zulu@agency.gov.example",
    ]);
    expect(res.data?.holders?.totalCount).toBe(10);
    const kinds = new Set(res.data?.holders?.nodes?.map((n: { __typename: string; kind: string }) => n.__typename));
    expect(kinds).toEqual(new Set(["User", "GroupEmail"]));
  });

  it("searches email and name case-insensitively", async () => {
    await organisation();
    expect(await emailsOf({ search: "OTHER.GOV" })).toEqual(["archive@other.gov.example", "erin@other.gov.example"]);
    expect(await emailsOf({ search: "quux" })).toEqual(["dan@agency.gov.example"]);
    expect(await emailsOf({ search: "  finance TEAM " })).toEqual(["finance-team@agency.gov.example"]);
  });

  it("counts a search's matches with the list's other filters", async () => {
    await organisation();
    const counts = await api.gql(
      graphql(`{
        holders(first: 1, filter: { search: "finance" }) { totalCount }
        users(first: 1, filter: { search: "finance" }) { totalCount }
        groupEmails(first: 1, filter: { search: "finance" }) { totalCount }
        departed: users(first: 1, filter: { search: "agency", status: DEPARTED }) { totalCount }
      }`),
    );
    expect(counts.errors).toBeUndefined();
    expect(counts.data).toEqual({
      holders: { totalCount: 1 },
      users: { totalCount: 0 },
      groupEmails: { totalCount: 1 },
      departed: { totalCount: 1 },
    });
  });

  it("matches LIKE wildcards in the search text literally", async () => {
    await organisation();
    expect(await emailsOf({ search: "_" })).toEqual(["dev_ops@agency.gov.example"]);
    expect(await emailsOf({ search: "100%" })).toEqual(["carol@agency.gov.example"]);
    expect(await emailsOf({ search: "%" })).toEqual(["carol@agency.gov.example"]);
    expect(await emailsOf({ search: "a%e" })).toEqual([]);
  });

  it("filters by kind and by user status, which group emails never match", async () => {
    await organisation();
    expect(await emailsOf({ kind: "GROUP" })).toEqual([
      "archive@other.gov.example",
      "dev_ops@agency.gov.example",
      "finance-team@agency.gov.example",
      "payments-ops@agency.gov.example",
    ]);
    expect(await emailsOf({ kind: "USER", search: "agency" })).toEqual([
      "alice@agency.gov.example",
      "bob@agency.gov.example",
      "carol@agency.gov.example",
      "dan@agency.gov.example",
      "zulu@agency.gov.example",
    ]);
    expect(await emailsOf({ status: "DEPARTED" })).toEqual(["bob@agency.gov.example"]);
    expect(await emailsOf({ status: "ACTIVE" })).toHaveLength(5);
    expect(await emailsOf({ status: "ACTIVE", kind: "GROUP" })).toEqual([]);
  });

  it("filters by service, by role anywhere, and by role on a service", async () => {
    const { fines, permits } = await organisation();
    expect(await emailsOf({ serviceId: fines.id })).toEqual([
      "alice@agency.gov.example",
      "finance-team@agency.gov.example",
    ]);
    expect(await emailsOf({ role: "BILLING" })).toEqual([
      "alice@agency.gov.example",
      "finance-team@agency.gov.example",
      "payments-ops@agency.gov.example",
    ]);
    // Alice is BILLING on permits but only ADMIN on fines: the role applies to the given service.
    expect(await emailsOf({ serviceId: fines.id, role: "BILLING" })).toEqual(["finance-team@agency.gov.example"]);
    expect(await emailsOf({ serviceId: permits.id, role: "VIEWER" })).toEqual(["carol@agency.gov.example"]);
    expect(await emailsOf({ serviceId: fines.id, role: "VIEWER" })).toEqual([]);
  });

  it("filters users by the group email they are members of", async () => {
    const { finance, devOps } = await organisation();
    expect(await emailsOf({ memberOfGroupId: finance.id })).toEqual([
      "alice@agency.gov.example",
      "bob@agency.gov.example",
    ]);
    expect(await emailsOf({ memberOfGroupId: devOps.id })).toEqual([]);
    expect(await emailsOf({ memberOfGroupId: finance.id, status: "ACTIVE" })).toEqual(["alice@agency.gov.example"]);
  });

  it("walks every holder exactly once, three at a time", async () => {
    await organisation();
    const seen: string[] = [];
    const flags: [boolean, boolean][] = [];
    let after: string | null = null;
    do {
      const res: GqlResult<ResultOf<typeof HOLDERS>> = await api.gql(HOLDERS, {
        first: 3,
        after,
        filter: { search: "gov.example" },
      });
      expect(res.errors).toBeUndefined();
      const page = res.data!.holders;
      expect(page.totalCount).toBe(10);
      expect(page.nodes.length).toBeLessThanOrEqual(3);
      seen.push(...page.nodes.map((n) => n.email));
      flags.push([page.pageInfo.hasPreviousPage, page.pageInfo.hasNextPage]);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(flags).toEqual([
      [false, true],
      [true, true],
      [true, true],
      [true, false],
    ]);
    expect(seen).toHaveLength(10);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(10);
  });
});

describe("every field of a listed holder", () => {
  it("is the holder's own, by id, in the holders, users and group emails lists and on a key", async () => {
    const { bob, zulu, finance } = await organisation();
    await factories(db.em()).key(zulu, { name: "zulu-key" });
    const lockedUntil = "2030-01-02T03:04:05.678Z";
    await db
      .em()
      .execute("update holder set locked_until = ?, console_role = 'VIEWER' where id = ?", [lockedUntil, zulu.id]);
    await db.em().execute("update holder set description = 'Invoices' where id = ?", [finance.id]);
    const res = await api.gql(
      graphql(`query($z: ID!, $b: ID!, $g: ID!) {
        holders(first: 50, filter: { search: "gov.example" }) { nodes { ...Whole } }
        users(first: 50, filter: { search: "gov.example" }) { nodes { ...Whole } }
        groupEmails(first: 50, filter: { search: "gov.example" }) { nodes { ...Whole } }
        apiKeys(first: 5, filter: { search: "zulu-key" }) { nodes { holder { ...Whole } } }
        z: holder(id: $z) { ...Whole }
        b: holder(id: $b) { ...Whole }
        g: holder(id: $g) { ...Whole }
      }
      fragment Whole on Holder {
        __typename id kind email name createdAt updatedAt version
        ... on User { status departedAt consoleRole lockedUntil }
        ... on GroupEmail { description }
      }`),
      { z: zulu.id, b: bob.id, g: finance.id },
    );
    expect(res.errors).toBeUndefined();
    const { z, b, g } = res.data!;
    // The lists' holders are the same as each holder read by id (the ORM's entity).
    const byId = new Map([z, b, g].map((h) => [h!.id, h]));
    const listed = [...res.data!.holders.nodes, ...res.data!.users.nodes, ...res.data!.groupEmails.nodes];
    for (const id of byId.keys()) {
      const found = listed.filter((h) => h.id === id);
      expect(found.length, id).toBe(2);
      for (const h of found) expect(h, id).toEqual(byId.get(id));
    }
    expect(res.data!.apiKeys.nodes.map((k) => k.holder)).toEqual([z]);
    expect(z).toMatchObject({ __typename: "User", consoleRole: "VIEWER", lockedUntil });
    expect(b).toMatchObject({ __typename: "User", status: "DEPARTED", departedAt: expect.any(String) });
    expect(g).toMatchObject({ __typename: "GroupEmail", description: "Invoices" });
  });
});

describe("one holder", () => {
  it("finds a holder by id as its concrete type, and null for an unknown id", async () => {
    const { bob, finance } = await organisation();
    const res = await api.gql(
      graphql(`query($u: ID!, $g: ID!) {
      u: holder(id: $u) { __typename email ... on User { status departedAt } }
      g: holder(id: $g) { __typename email ... on GroupEmail { description } }
      none: holder(id: "00000000-0000-4000-8000-000000000000") { id }
    }`),
      { u: bob.id, g: finance.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.u).toMatchObject({ __typename: "User", email: bob.email, status: "DEPARTED" });
    expect(res.data?.u?.__typename === "User" && res.data.u.departedAt).toEqual(expect.any(String));
    expect(res.data?.g).toEqual({ __typename: "GroupEmail", email: finance.email, description: null });
    expect(res.data?.none).toBeNull();
  });

  it("finds a holder by email whatever its case and surrounding spaces, and null for an unknown email", async () => {
    const { finance } = await organisation();
    const res = await api.gql(
      graphql(`{
      g: holderByEmail(email: "  Finance-Team@AGENCY.gov.example ") { __typename id }
      none: holderByEmail(email: "nobody@agency.gov.example") { id }
    }`),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ g: { __typename: "GroupEmail", id: finance.id }, none: null });
  });

  it("lists only the holder's own keys, newest first, with the filter applied", async () => {
    const { alice, carol } = await organisation();
    const f = factories(db.em());
    const base = Date.now() - 10 * 86_400_000;
    const prodOld = await f.key(alice, { name: "prod old", createdAt: new Date(base) });
    const staging = await f.key(alice, { name: "staging", environment: Environment.STAGING });
    const prodNew = await f.key(alice, { name: "prod new", createdAt: new Date(base + 86_400_000) });
    await f.key(carol, { name: "carol's", environment: Environment.STAGING });

    const res = await api.gql(
      graphql(`query($id: ID!) { holder(id: $id) {
      all: keys { totalCount nodes { id } }
      prod: keys(filter: { environment: PRODUCTION }) { totalCount nodes { id holder { email } } }
    } }`),
      { id: alice.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.holder?.all).toEqual({
      totalCount: 3,
      nodes: [{ id: staging.id }, { id: prodNew.id }, { id: prodOld.id }],
    });
    expect(res.data?.holder?.prod).toEqual({
      totalCount: 2,
      nodes: [prodNew, prodOld].map((k) => ({ id: k.id, holder: { email: alice.email } })),
    });
  });

  it("lists the holder's collaborations by service slug, each with its role", async () => {
    const { alice, devOps } = await organisation();
    const res = await api.gql(
      graphql(`query($a: ID!, $d: ID!) {
      a: holder(id: $a) { collaborations { nodes { role service { slug } holder { email } } } }
      d: holder(id: $d) { collaborations { nodes { role } } }
    }`),
      { a: alice.id, d: devOps.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.a?.collaborations.nodes).toEqual([
      { role: "ADMIN", service: { slug: "parking-fines" }, holder: { email: alice.email } },
      { role: "BILLING", service: { slug: "permits" }, holder: { email: alice.email } },
    ]);
    expect(res.data?.d?.collaborations.nodes).toEqual([]);
  });
});
