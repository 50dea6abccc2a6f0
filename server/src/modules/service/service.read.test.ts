import { describe, expect, it } from "vitest";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { type GqlResult, graphql, type ResultOf, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { Environment } from "../api-key/environment.js";
import { Collaborator } from "../collaborator/collaborator.entity.js";
import { GroupEmail } from "../holder/group-email/group-email.entity.js";
import { User } from "../holder/user/user.entity.js";
import { Service } from "./service.entity.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const SERVICES = graphql(`
  query Services($first: Int, $after: String, $filter: ServiceFilter) {
    services(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      nodes { slug archivedAt }
    }
  }
`);

async function catalogue() {
  const f = factories(db.em());
  const ana = await f.user({ email: "ana@agency.gov.example" });
  const finance = await f.group({ email: "finance@agency.gov.example" });
  const fines = await f.service({ slug: "parking-fines", name: "Parking Fines" });
  const season = await f.service({ slug: "season-parking", name: "Season Parking (100% online)" });
  const tax = await f.service({ slug: "road-tax", name: "Road Tax Renewal" });
  const permits = await f.service({ slug: "bicycle-permits", name: "Bicycle Permits" });
  const legacy = await f.service({ slug: "legacy-tolls", name: "Legacy Tolls", archivedAt: new Date() });
  await f.collaborator(fines, finance, CollaboratorRole.BILLING);
  await f.collaborator(fines, ana, CollaboratorRole.ADMIN);
  await f.collaborator(season, ana, CollaboratorRole.BILLING);
  await f.collaborator(tax, finance, CollaboratorRole.VIEWER);
  await f.collaborator(legacy, ana, CollaboratorRole.BILLING);
  return { ana, finance, fines, season, tax, permits, legacy };
}

const slugsOf = async (filter?: Record<string, unknown>) => {
  const res = await api.gql(SERVICES, { filter });
  expect(res.errors).toBeUndefined();
  return res.data?.services?.nodes?.map((n) => n.slug);
};

describe("services", () => {
  it("lists live services by slug; archived ones only when asked for", async () => {
    await catalogue();
    const live = ["bicycle-permits", "parking-fines", "road-tax", "season-parking"];
    expect(await slugsOf()).toEqual(live);
    expect(await slugsOf({ archived: false })).toEqual(live);
    expect(await slugsOf({ archived: true })).toEqual(["legacy-tolls"]);
    const res = await api.gql(SERVICES, { filter: { archived: true } });
    expect(res.data?.services?.totalCount).toBe(1);
    expect(res.data?.services?.nodes?.[0]?.archivedAt).toEqual(expect.any(String));
  });

  it("searches slug and name case-insensitively, with LIKE wildcards matched literally", async () => {
    await catalogue();
    expect(await slugsOf({ search: "PARKING" })).toEqual(["parking-fines", "season-parking"]);
    expect(await slugsOf({ search: "renewal" })).toEqual(["road-tax"]);
    expect(await slugsOf({ search: "tolls" })).toEqual([]);
    expect(await slugsOf({ search: "tolls", archived: true })).toEqual(["legacy-tolls"]);
    expect(await slugsOf({ search: "100%" })).toEqual(["season-parking"]);
    expect(await slugsOf({ search: "_" })).toEqual([]);
  });

  it("filters by holder, by role, and by the holder's role", async () => {
    const { ana, finance } = await catalogue();
    expect(await slugsOf({ holderId: ana.id })).toEqual(["parking-fines", "season-parking"]);
    expect(await slugsOf({ holderId: finance.id })).toEqual(["parking-fines", "road-tax"]);
    expect(await slugsOf({ role: "BILLING" })).toEqual(["parking-fines", "season-parking"]);
    // Ana is BILLING on season-parking but only ADMIN on parking-fines.
    expect(await slugsOf({ holderId: ana.id, role: "BILLING" })).toEqual(["season-parking"]);
    expect(await slugsOf({ holderId: ana.id, role: "BILLING", archived: true })).toEqual(["legacy-tolls"]);
    expect(await slugsOf({ holderId: finance.id, role: "ADMIN" })).toEqual([]);
  });

  it("walks every live service exactly once, two at a time", async () => {
    await catalogue();
    const seen: string[] = [];
    const flags: [boolean, boolean][] = [];
    let after: string | null = null;
    do {
      const res: GqlResult<ResultOf<typeof SERVICES>> = await api.gql(SERVICES, { first: 2, after });
      const page = res.data!.services;
      expect(page.totalCount).toBe(4);
      seen.push(...page.nodes.map((n) => n.slug));
      flags.push([page.pageInfo.hasPreviousPage, page.pageInfo.hasNextPage]);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(["bicycle-permits", "parking-fines", "road-tax", "season-parking"]);
    expect(flags).toEqual([
      [false, true],
      [true, false],
    ]);
  });
});

describe("one service", () => {
  it("finds a service by id and by slug in any case, and null when unknown", async () => {
    const { fines, legacy } = await catalogue();
    const res = await api.gql(
      graphql(`query($id: ID!) {
      byId: service(id: $id) { slug name }
      bySlug: serviceBySlug(slug: " Parking-FINES ") { id }
      archived: serviceBySlug(slug: "legacy-tolls") { id }
      unknownSlug: serviceBySlug(slug: "nope") { id }
      unknownId: service(id: "00000000-0000-4000-8000-000000000000") { id }
    }`),
      { id: fines.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      byId: { slug: "parking-fines", name: "Parking Fines" },
      bySlug: { id: fines.id },
      archived: { id: legacy.id },
      unknownSlug: null,
      unknownId: null,
    });
  });

  it("lists collaborators by role then email, each with its holder resolved to its type", async () => {
    const { fines } = await catalogue();
    const f = factories(db.em());
    await f.collaborator(fines, await f.user({ email: "aaron@agency.gov.example" }), CollaboratorRole.BILLING);
    const res = await api.gql(
      graphql(`query($id: ID!) { service(id: $id) {
      collaborators { nodes { role service { slug } holder { __typename email } } }
    } }`),
      { id: fines.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.service?.collaborators.nodes).toEqual([
      {
        role: "ADMIN",
        service: { slug: "parking-fines" },
        holder: { __typename: "User", email: "ana@agency.gov.example" },
      },
      {
        role: "BILLING",
        service: { slug: "parking-fines" },
        holder: { __typename: "User", email: "aaron@agency.gov.example" },
      },
      {
        role: "BILLING",
        service: { slug: "parking-fines" },
        holder: { __typename: "GroupEmail", email: "finance@agency.gov.example" },
      },
    ]);
  });

  it("pages collaborators by role then their holders' emails as they are now, two at a time", async () => {
    const f = factories(db.em());
    const fines = await f.service({ slug: "parking-fines" });
    const emails = ["bo", "cy", "di", "ed"].map((name) => `${name}@agency.gov.example`);
    const [bo, ...others] = await Promise.all(emails.map((email) => f.user({ email })));
    for (const holder of [bo, ...others]) await f.collaborator(fines, holder!, CollaboratorRole.BILLING);
    await f.collaborator(fines, others[2]!, CollaboratorRole.ADMIN);
    // Bo becomes the last by email: the pages follow the holder's email, not the one it had.
    const moved = await api.gql(
      graphql(`mutation($input: UpdateUserInput!) { updateUser(input: $input) { errors { code } } }`),
      { input: { id: bo!.id, version: 1, email: "zoe@agency.gov.example" } },
    );
    expect(moved.data?.updateUser.errors).toEqual([]);
    const PAGE = graphql(`query($id: ID!, $after: String) { service(id: $id) {
      collaborators(first: 2, after: $after) { pageInfo { hasNextPage endCursor } nodes { role holder { email } } }
    } }`);
    const walked: string[] = [];
    let after: string | null | undefined;
    do {
      const res = await api.gql(PAGE, { id: fines.id, after });
      expect(res.errors).toBeUndefined();
      const page = res.data?.service?.collaborators;
      walked.push(...(page?.nodes ?? []).map((n) => `${n.role} ${n.holder.email}`));
      after = page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(walked).toEqual([
      "ADMIN ed@agency.gov.example",
      "BILLING cy@agency.gov.example",
      "BILLING di@agency.gov.example",
      "BILLING ed@agency.gov.example",
      "BILLING zoe@agency.gov.example",
    ]);
  });

  it("lists the keys working on it, narrowed by environment", async () => {
    const { ana, finance, fines } = await catalogue();
    const f = factories(db.em());
    const prod = await f.key(finance, { name: "prod", environment: Environment.PRODUCTION });
    const staging = await f.key(finance, { name: "staging", environment: Environment.STAGING });
    await f.key(finance, { name: "revoked", environment: Environment.STAGING, revokedAt: new Date() });
    await f.key(ana, { name: "admin's key" });

    const res = await api.gql(
      graphql(`query($id: ID!) { service(id: $id) {
      all: workingKeys { totalCount nodes { name } }
      staging: workingKeys(filter: { environment: STAGING }) { totalCount nodes { id environment } }
      production: workingKeys(filter: { environment: PRODUCTION }) { nodes { id } }
    } }`),
      { id: fines.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.service?.all?.totalCount).toBe(2);
    expect(res.data?.service?.staging).toEqual({ totalCount: 1, nodes: [{ id: staging.id, environment: "STAGING" }] });
    expect(res.data?.service?.production?.nodes).toEqual([{ id: prod.id }]);
  });
});

describe("SQL per request", () => {
  it("listing services with collaborators and their holders costs the same statements for 10 and 100", async () => {
    const em = db.em();
    const holders = Array.from({ length: 20 }, (_, i) =>
      i % 2
        ? em.create(User, { email: `person-${i}@agency.gov.example`, name: `Person ${i}` })
        : em.create(GroupEmail, { email: `group-${i}@agency.gov.example`, name: `Group ${i}` }),
    );
    for (let i = 0; i < 100; i++) {
      const service = em.create(Service, { slug: `service-${String(i).padStart(3, "0")}`, name: `Service ${i}` });
      for (const [r, role] of Object.values(CollaboratorRole).entries()) {
        em.create(Collaborator, { service, holder: holders[(i + r * 7) % holders.length]!, role });
      }
    }
    await em.flush();

    const counts: number[] = [];
    for (const first of [10, 100]) {
      const res = await api.gql(
        graphql(
          `query($first: Int) { services(first: $first) { nodes { slug collaborators(first: 5) { nodes { role holder { email } } } } } }`,
        ),
        { first },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.services?.nodes).toHaveLength(first);
      for (const node of res.data?.services?.nodes ?? []) {
        expect(node.collaborators.nodes.map((c: { role: string }) => c.role)).toEqual(["ADMIN", "BILLING", "VIEWER"]);
        expect(node.collaborators.nodes.every((c: { holder: { email: string } }) => c.holder.email)).toBe(true);
      }
      counts.push(res.sqlStatements);
    }
    // The services, then their roles with each holder joined: no statement per row or per holder.
    expect(counts[0]).toBe(2);
    expect(counts[1]).toBe(counts[0]);
  });

  it("the services page cuts each service's collaborators at its page in the same two statements", async () => {
    const em = db.em();
    const holders = Array.from({ length: 30 }, (_, i) =>
      em.create(User, { email: `person-${String(i).padStart(2, "0")}@agency.gov.example`, name: `Person ${i}` }),
    );
    for (let i = 0; i < 60; i++) {
      const service = em.create(Service, { slug: `service-${String(i).padStart(3, "0")}`, name: `Service ${i}` });
      // 25 Billing roles each, from a different holder onwards: more than the page asks for.
      for (let j = 0; j < 25; j++) {
        em.create(Collaborator, {
          service,
          holder: holders[(i + j) % holders.length]!,
          role: CollaboratorRole.BILLING,
        });
      }
    }
    await em.flush();
    const res = await api.gql(
      graphql(`{ services(first: 50) { nodes { slug collaborators(first: 20) {
        pageInfo { hasNextPage } nodes { role holder { id email } } } } } }`),
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data?.services?.nodes ?? [];
    expect(nodes).toHaveLength(50);
    for (const [i, node] of nodes.entries()) {
      const mine = Array.from({ length: 25 }, (_, j) => holders[(i + j) % holders.length]!.email).sort();
      expect(node.collaborators.pageInfo.hasNextPage).toBe(true);
      expect(node.collaborators.nodes.map((c) => c.holder.email)).toEqual(mine.slice(0, 20));
    }
    expect(res.sqlStatements).toBe(2);
  });
});
