import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Role } from "../shared/role.js";
import type { TestDatabase } from "../test-support/database.js";
import { factories } from "../test-support/factories.js";
import { createTestApi, type TestApi, useTestApi } from "../test-support/graphql.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

// The queries here stay strings: they are over the cost limit on purpose, or built with the page
// sizes spliced in, and `refusal` sends them to be refused or priced, not to read their data.

/** Keys, their holders' keys, and those holders' keys: three nested pages of `$n`. */
const NESTED = /* GraphQL */ `
  query($n: Int!) {
    apiKeys(first: $n) { nodes { holder { keys(first: $n) { nodes { holder { keys(first: $n) { nodes { id name } } } } } } } }
  }
`;

async function refusal(query: string, variables?: Record<string, unknown>) {
  const res = await api.as(Role.VIEWER)(query, variables);
  return { status: res.status, code: res.errors?.[0]?.extensions?.code, data: res.data ?? null };
}

const REFUSED = { status: 400, code: "GRAPHQL_VALIDATION_FAILED", data: null };

describe("the query cost limit", () => {
  it("counts a page size given in a variable like the same number written in the query", async () => {
    expect(await refusal(NESTED.replaceAll("$n", "100").replace("query(100: Int!)", "query"))).toMatchObject({
      status: 400,
      code: "GRAPHQL_VALIDATION_FAILED",
    });
    expect(await refusal(NESTED, { n: 100 })).toEqual(REFUSED);
    const small = await api.as(Role.VIEWER)(NESTED, { n: 2 });
    expect(small.errors).toBeUndefined();
    expect(small.data?.apiKeys.nodes).toEqual([]);
  });

  it("counts pages behind fragments, inline fragments and aliases", async () => {
    const viaFragments = /* GraphQL */ `
      query($n: Int!) {
        a: apiKeys(first: $n) { ...Keys }
        b: apiKeys(first: $n) { ... on ApiKeyConnection { nodes { holder { ...HolderKeys } } } }
      }
      fragment Keys on ApiKeyConnection { nodes { holder { ...HolderKeys } } }
      fragment HolderKeys on Holder { keys(first: $n) { nodes { holder { keys(first: $n) { nodes { id } } } } } }
    `;
    expect(await refusal(viaFragments, { n: 60 })).toEqual(REFUSED);
    expect((await api.as(Role.VIEWER)(viaFragments, { n: 3 })).errors).toBeUndefined();
  });

  it("prices each run of one operation by its own values, however often it was priced before", async () => {
    // The same text (one parsed document, one kept price per set of values) with page sizes that
    // pass and fail.
    for (const n of [2, 100, 2, 100]) {
      expect(await refusal(NESTED, { n }), `n = ${n}`).toEqual(
        n === 100 ? REFUSED : { status: 200, code: undefined, data: expect.anything() },
      );
    }
    // A value that fails coercion beside the page size (a null for an input object's non-null
    // field, which graphql-jit lets through) must not price the page as one item.
    const beside = /* GraphQL */ `
      query($n: Int!, $d: SortDirection = ASC) {
        apiKeys(first: $n, orderBy: { field: CREATED_AT, direction: $d }) { nodes { holder { keys(first: 10) { nodes { id name } } } } }
      }
    `;
    expect(await refusal(beside, { n: 500 })).toEqual(REFUSED);
    expect(await refusal(beside, { n: 500, d: null })).toEqual(REFUSED);
    expect(await refusal(beside, { n: 500 })).toEqual(REFUSED);
  });

  it("counts a page size left out at its default (50)", async () => {
    const defaults = `{ apiKeys { nodes { holder { keys { nodes { holder { keys { nodes { id name } } } } } } } } }`;
    expect(await refusal(defaults)).toEqual(REFUSED);
  });

  it("counts a page size given above its list: risks' first applies to every category's items", async () => {
    const category = "{ count items { subjectType subjectId title detail fix holderId holderEmail } }";
    const risks = `query($first: Int!) { risks(first: $first) {
      productionKeysHeldByIndividuals ${category} keysHeldByDepartedUsers ${category}
      keysThatWorkNowhere ${category} keysExpiringSoon ${category} unusedKeys ${category}
      groupEmailsWithFewMembers ${category} servicesWithoutWorkingKey ${category} } }`;
    // Seven lists of 500 items each, as costly as seven apiKeys(first: 500) pages of seven fields.
    expect(await refusal(risks, { first: 500 })).toEqual(REFUSED);
    const aliased = `{ ${Array.from({ length: 20 }, (_, i) => `r${i}: risks(first: 500) { unusedKeys ${category} }`).join(" ")} }`;
    expect(await refusal(aliased)).toEqual(REFUSED);
  });

  it("counts nodes(ids) once per id asked for, as many aliased root fields would count", async () => {
    const query = /* GraphQL */ `
      query($ids: [ID!]!) {
        nodes(ids: $ids) { ... on Service { collaborators(first: 500) { nodes { role holder { email } } } } }
      }
    `;
    const ids = Array.from({ length: 100 }, () => randomUUID());
    expect(await refusal(query, { ids })).toEqual(REFUSED);
    // The same pages behind 100 aliases of service(id) are refused alike.
    const selection = "collaborators(first: 500) { nodes { role holder { email } } }";
    const aliased = `{ ${ids.map((id, i) => `s${i}: service(id: "${id}") { ${selection} }`).join(" ")} }`;
    expect(await refusal(aliased)).toEqual(REFUSED);
    const one = await api.as(Role.VIEWER)(query, { ids: ids.slice(0, 1) });
    expect(one.errors).toBeUndefined();
    expect(one.data?.nodes).toEqual([null]);
  });

  it("lets the console's heaviest pages through at the sizes it asks for", async () => {
    const keys = /* GraphQL */ `
      query($first: Int!) {
        apiKeys(first: $first) {
          totalCount pageInfo { hasNextPage endCursor }
          nodes { id name prefix environment status expiresAt lastUsedAt
                  holder { id email name kind ... on User { status } } worksOn { id slug } }
        }
      }
    `;
    const category = "{ count items { subjectType subjectId title detail fix holderId holderEmail } }";
    const risks = `query($first: Int!) { risks(first: $first, expiringWithinDays: 30, unusedForDays: 90) {
      productionKeysHeldByIndividuals ${category} keysHeldByDepartedUsers ${category}
      keysThatWorkNowhere ${category} keysExpiringSoon ${category} unusedKeys ${category}
      groupEmailsWithFewMembers ${category} servicesWithoutWorkingKey ${category} } }`;
    const holders = `query($first: Int!) { holders(first: $first) { nodes { id email keys(first: 0) { totalCount } } } }`;
    // @keyholder/client's HolderKeys, at the largest page size.
    const holderKeys = /* GraphQL */ `
      query($first: Int) {
        holderByEmail(email: "nobody@agency.gov.example") {
          __typename id email name kind ... on User { status departedAt }
          keys(first: $first) {
            totalCount pageInfo { hasNextPage endCursor }
            nodes { id name prefix environment status version createdAt expiresAt lastUsedAt worksOn { slug } }
          }
        }
      }
    `;
    for (const [query, first] of [
      [keys, 500],
      [risks, 100],
      [holders, 500],
      [holderKeys, 500],
    ] as const) {
      const res = await api.as(Role.VIEWER)(query, { first });
      expect({ first, errors: res.errors }).toEqual({ first, errors: undefined });
    }
  });
});

describe("the response size limit", () => {
  it("refuses an answer over the limit whole, with RESPONSE_TOO_LARGE, rather than sending it or a part of it", async () => {
    const f = factories(db.em());
    const holder = await f.group();
    await f.keys(Array.from({ length: 40 }, (_, i) => ({ holder, name: `key number ${i} ${"x".repeat(100)}` })));
    const small = await createTestApi(db, { maxResponseBytes: 4096 });
    try {
      const query = "{ apiKeys(first: 40) { nodes { id name prefix } } }";
      const refused = await small.gql(query);
      expect(refused.status).toBe(400);
      expect(refused.data).toBeUndefined();
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "RESPONSE_TOO_LARGE" });
      const fits = await small.gql("{ apiKeys(first: 5) { nodes { id } } }");
      expect(fits.data?.apiKeys.nodes).toHaveLength(5);
    } finally {
      await small.close();
    }
  });
});

describe("the budget of unpaged list items", () => {
  it("refuses an answer whose unpaged lists (worksOn, collaborators…) grow past the budget, before it is built", async () => {
    const f = factories(db.em());
    const group = await f.group();
    for (let i = 0; i < 4; i++) await f.collaborator(await f.service({ slug: `fines-${i}` }), group);
    await f.keys(Array.from({ length: 30 }, (_, i) => ({ holder: group, name: `key ${i}` })));
    const small = await createTestApi(db, { maxUnpagedItems: 100 });
    try {
      // 30 keys × 4 services: 120 items, a small answer, but more than the budget.
      const refused = await small.gql("{ apiKeys(first: 30) { nodes { worksOn { slug } } } }");
      expect(refused.status).toBe(400);
      expect(refused.data).toBeUndefined();
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(["RESPONSE_TOO_LARGE"]);
      // The same 120 items as pages (a holder's collaborations are a connection) are bounded by the
      // cost limit instead, and take nothing from this budget.
      const paged = await small.gql(
        "{ apiKeys(first: 30) { nodes { holder { collaborations(first: 10) { nodes { service { slug } } } } } } }",
      );
      expect(paged.errors).toBeUndefined();
      expect(paged.data?.apiKeys.nodes[0].holder.collaborations.nodes).toHaveLength(4);
      // 20 keys × 4: within it.
      const fits = await small.gql("{ apiKeys(first: 20) { nodes { worksOn { slug } } } }");
      expect(fits.errors).toBeUndefined();
      expect(fits.data?.apiKeys.nodes).toHaveLength(20);
    } finally {
      await small.close();
    }
  });

  it("never refuses a mutation's answer for its size: the change is made by then", async () => {
    const small = await createTestApi(db, { maxResponseBytes: 64, maxUnpagedItems: 0 });
    try {
      const res = await small.as(Role.OPERATOR)(
        `mutation { createService(input: { slug: "fines", name: "Fines" }) { service { slug collaborators { nodes { role } } } errors { code } } }`,
      );
      expect(res.status).toBe(200);
      expect(res.data?.createService).toEqual({ service: { slug: "fines", collaborators: { nodes: [] } }, errors: [] });
    } finally {
      await small.close();
    }
  });
});
