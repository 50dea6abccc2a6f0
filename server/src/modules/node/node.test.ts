import { describe, expect, it } from "vitest";
import { Role } from "../../shared/role.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const NODE = graphql(`query($id: ID!) { node(id: $id) { __typename id } }`);
const NODES = graphql(`
  query($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      id
      ... on Holder { email }
      ... on Service { slug }
      ... on ApiKey { name holder { email } worksOn { slug } }
      ... on Collaborator { role service { slug } }
    }
  }
`);

/** A small organisation with one object of each type. */
async function organisation() {
  const f = factories(db.em());
  const alice = await f.user({ email: "alice@agency.gov.example" });
  const team = await f.group({ email: "team@agency.gov.example" }, [alice]);
  const fines = await f.service({ slug: "fines" });
  const billing = await f.collaborator(fines, team);
  const key = await f.key(team, { name: "fines worker" });
  return { f, alice, team, fines, billing, key };
}

/** The access tokens the test accounts use, with their owners. */
async function tokens() {
  const viewer = await api.tokenFor(Role.VIEWER);
  const admin = await api.tokenFor(Role.ADMIN);
  const rows = await db
    .em()
    .execute<{ id: string; user_id: string }[]>("select id, user_id from access_token where user_id in (?, ?)", [
      viewer.userId,
      admin.userId,
    ]);
  const of = (userId: string) => rows.find((r) => r.user_id === userId)?.id as string;
  return { viewerToken: of(viewer.userId), adminToken: of(admin.userId) };
}

describe("node and nodes", () => {
  it("fetch any object again by the id it was answered with, typed by what it is", async () => {
    const { alice, team, fines, billing, key } = await organisation();
    const res = await api.gql(NODES, { ids: [key.id, alice.id, team.id, fines.id, billing.id] });
    expect(res.errors).toBeUndefined();
    expect(res.data?.nodes).toEqual([
      {
        __typename: "ApiKey",
        id: key.id,
        name: "fines worker",
        holder: { email: "team@agency.gov.example" },
        worksOn: [{ slug: "fines" }],
      },
      { __typename: "User", id: alice.id, email: "alice@agency.gov.example" },
      { __typename: "GroupEmail", id: team.id, email: "team@agency.gov.example" },
      { __typename: "Service", id: fines.id, slug: "fines" },
      { __typename: "Collaborator", id: billing.id, role: "BILLING", service: { slug: "fines" } },
    ]);
    const one = await api.gql(NODE, { id: fines.id.toUpperCase() });
    expect(one.data?.node).toEqual({ __typename: "Service", id: fines.id });
  });

  it("answer null for an id nothing has, in its place, and the same object for a repeated id", async () => {
    const { fines } = await organisation();
    const nobody = "00000000-0000-4000-8000-000000000000";
    const res = await api.gql(NODES, { ids: [nobody, fines.id, fines.id] });
    expect(res.data?.nodes).toEqual([
      null,
      { __typename: "Service", id: fines.id, slug: "fines" },
      { __typename: "Service", id: fines.id, slug: "fines" },
    ]);
    expect((await api.gql(NODE, { id: nobody })).data?.node).toBeNull();
  });

  it("cost one statement to find the tables, then one per type found, whatever the number of ids", async () => {
    const { f, team, fines } = await organisation();
    const few = [team.id, fines.id, (await f.key(team, { name: "a" })).id];
    const keys = await f.keys(Array.from({ length: 40 }, (_, i) => ({ holder: team, name: `k${i}` })));
    const services = await Promise.all(Array.from({ length: 20 }, (_, i) => f.service({ slug: `svc-${i}` })));
    const many = [...keys.map((k) => k.id), ...services.map((s) => s.id), team.id];
    const ask = (ids: string[]) => api.gql(graphql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`), { ids });
    const small = await ask(few);
    const large = await ask(many);
    expect(large.data?.nodes).toHaveLength(61);
    // The probe, then holders, services and keys: one statement each.
    expect(small.sqlStatements).toBe(4);
    expect(large.sqlStatements).toBe(small.sqlStatements);
  });

  it("show an access token only to its owner and to ADMINs, as accessTokens does: null to anyone else", async () => {
    const { viewerToken, adminToken } = await tokens();
    const ask = (role: Role, id: string) => api.as(role)(NODE, { id });
    expect((await ask(Role.VIEWER, viewerToken)).data?.node).toEqual({ __typename: "AccessToken", id: viewerToken });
    expect((await ask(Role.ADMIN, viewerToken)).data?.node).toEqual({ __typename: "AccessToken", id: viewerToken });
    const hidden = await ask(Role.VIEWER, adminToken);
    expect(hidden.errors).toBeUndefined();
    expect(hidden.data?.node).toBeNull();
    const listed = await api.as(Role.OPERATOR)(NODES, { ids: [adminToken, viewerToken] });
    expect(listed.data?.nodes).toEqual([null, null]);
  });

  it("refuse callers who are not signed in, like every other root field", async () => {
    const { fines } = await organisation();
    const res = await api.anonymous(NODE, { id: fines.id });
    expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(res.data?.node ?? null).toBeNull();
  });

  it("refuse a malformed id with INVALID_ID, and more than 100 ids with OUT_OF_RANGE", async () => {
    const { fines } = await organisation();
    const bad = await api.gql(NODE, { id: "not-an-id" });
    expect(bad.errors?.[0]?.extensions?.code).toBe("INVALID_ID");
    const badInList = await api.gql(NODES, { ids: [fines.id, "nope"] });
    expect(badInList.errors?.[0]?.extensions?.code).toBe("INVALID_ID");
    expect(badInList.errors?.[0]?.message).toContain("ids[1]");
    const ids = Array.from({ length: 101 }, () => fines.id);
    const tooMany = await api.gql(NODES, { ids });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe("OUT_OF_RANGE");
    expect(tooMany.sqlStatements).toBe(0);
    const hundred = await api.gql(NODES, { ids: ids.slice(1) });
    expect(hundred.data?.nodes).toHaveLength(100);
  });

  it("show SCIM clients and webhook endpoints to ADMINs only, as their lists do", async () => {
    const issued = await api.gql(
      graphql(`mutation { issueScimToken(input: { name: "okta" }) { client { id } errors { code } } }`),
    );
    const scim = issued.data?.issueScimToken?.client?.id as string;
    const hook = "5f0c7f52-2d3c-4f7a-9d47-0d8e3c1b2a10";
    await db
      .em()
      .execute(
        "insert into webhook_endpoint (id, url, event_types, secret) values (?, 'https://hooks.example.com/in', '{*}', 'whsec_test')",
        [hook],
      );
    const ids = [scim, hook];
    const admin = await api.gql(NODES, { ids });
    expect(admin.data?.nodes).toEqual([
      { __typename: "ScimClient", id: scim },
      { __typename: "WebhookEndpoint", id: hook },
    ]);
    for (const role of [Role.VIEWER, Role.OPERATOR]) {
      const res = await api.as(role)(NODES, { ids });
      expect(res.errors, role).toBeUndefined();
      expect(res.data?.nodes, role).toEqual([null, null]);
    }
  });
});
