import { describe, expect, it } from "vitest";
import type { TestDatabase } from "../../../test-support/database.js";
import { factories } from "../../../test-support/factories.js";
import { graphql, type TestApi, useTestApi } from "../../../test-support/graphql.js";
import { UserStatus } from "./user-status.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const USERS = graphql(`
  query Users($first: Int, $after: String, $filter: UserFilter) {
    users(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      nodes { __typename email status }
    }
  }
`);

async function staff() {
  const f = factories(db.em());
  const amy = await f.user({ email: "amy@agency.gov.example", name: "Amy Chua" });
  const ben = await f.user({ email: "ben@agency.gov.example", name: "Ben Ho", status: UserStatus.DEPARTED });
  const cy = await f.user({ email: "cy@agency.gov.example", name: "Cy Finance" });
  // A group email whose email and name would match every search below: users never include it.
  const team = await f.group({ email: "amy-ben-finance@agency.gov.example", name: "Amy Ben Cy Finance" }, [amy, ben]);
  const other = await f.group({ email: "another@agency.gov.example", name: "Another" }, [amy]);
  return { amy, ben, cy, team, other };
}

// The API is called by test accounts at @keyholder.test; lists are narrowed to the test's own organisation.
const emailsOf = async (filter: Record<string, unknown>) => {
  const res = await api.gql(USERS, { filter: { search: "gov.example", ...filter } });
  expect(res.errors).toBeUndefined();
  return res.data?.users?.nodes?.map((n: { email: string }) => n.email);
};

describe("users", () => {
  it("lists only users, by email, never a group email", async () => {
    await staff();
    const res = await api.gql(USERS, { filter: { search: "gov.example" } });
    expect(res.errors).toBeUndefined();
    expect(res.data?.users).toMatchObject({
      totalCount: 3,
      pageInfo: { hasNextPage: false, hasPreviousPage: false },
      nodes: [
        { __typename: "User", email: "amy@agency.gov.example", status: "ACTIVE" },
        { __typename: "User", email: "ben@agency.gov.example", status: "DEPARTED" },
        { __typename: "User", email: "cy@agency.gov.example", status: "ACTIVE" },
      ],
    });
  });

  it("filters by search, status and group membership, all together", async () => {
    const { team, other } = await staff();
    expect(await emailsOf({ search: "FINANCE" })).toEqual(["cy@agency.gov.example"]);
    expect(await emailsOf({ status: "DEPARTED" })).toEqual(["ben@agency.gov.example"]);
    expect(await emailsOf({ status: "ACTIVE" })).toEqual(["amy@agency.gov.example", "cy@agency.gov.example"]);
    expect(await emailsOf({ memberOfGroupId: team.id })).toEqual(["amy@agency.gov.example", "ben@agency.gov.example"]);
    expect(await emailsOf({ memberOfGroupId: team.id, status: "ACTIVE" })).toEqual(["amy@agency.gov.example"]);
    expect(await emailsOf({ memberOfGroupId: other.id, search: "ben" })).toEqual([]);
  });

  it("pages through users with a cursor, counting only users", async () => {
    await staff();
    const first = await api.gql(USERS, { first: 2, filter: { search: "gov.example" } });
    expect(first.data?.users?.nodes?.map((n: { email: string }) => n.email)).toEqual([
      "amy@agency.gov.example",
      "ben@agency.gov.example",
    ]);
    expect(first.data?.users?.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await api.gql(USERS, {
      first: 2,
      after: first.data?.users?.pageInfo?.endCursor,
      filter: { search: "gov.example" },
    });
    expect(second.data?.users).toMatchObject({
      totalCount: 3,
      pageInfo: { hasNextPage: false, hasPreviousPage: true },
      nodes: [{ email: "cy@agency.gov.example" }],
    });
  });

  it("finds a user by id, and not a group email by its id", async () => {
    const { ben, team } = await staff();
    const res = await api.gql(
      graphql(`query($u: ID!, $g: ID!) { u: user(id: $u) { email status departedAt } g: user(id: $g) { email } }`),
      {
        u: ben.id,
        g: team.id,
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.u).toMatchObject({ email: ben.email, status: "DEPARTED" });
    expect(new Date(res.data?.u?.departedAt ?? "").getTime()).toBe(ben.departedAt?.getTime());
    expect(res.data?.g).toBeNull();
  });
});

describe("user.groupEmails", () => {
  it("lists the group emails a user belongs to, by email, batched across a page", async () => {
    await staff();
    const res = await api.gql(
      graphql(`{ users(filter: { search: "gov.example" }) { nodes { email groupEmails { nodes { email } } } } }`),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.users?.nodes).toEqual([
      {
        email: "amy@agency.gov.example",
        groupEmails: {
          nodes: [{ email: "amy-ben-finance@agency.gov.example" }, { email: "another@agency.gov.example" }],
        },
      },
      { email: "ben@agency.gov.example", groupEmails: { nodes: [{ email: "amy-ben-finance@agency.gov.example" }] } },
      { email: "cy@agency.gov.example", groupEmails: { nodes: [] } },
    ]);
    // users page, then one window picking every user's page of groups and one load of those groups;
    // no totalCount asked.
    expect(res.sqlStatements).toBe(3);
  });
});
