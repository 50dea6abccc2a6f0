import { readFileSync } from "node:fs";
import { wrap } from "@mikro-orm/postgresql";
import {
  buildSchema,
  type DocumentNode,
  type GraphQLField,
  type GraphQLNamedType,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isNonNullType,
  isObjectType,
} from "graphql";
import { beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../logger.js";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { createRequestContext } from "../../shared/request-context.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { type GqlResult, graphql, type ResultOf, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { type RecordedStatement, recordStatements } from "../../test-support/statements.js";
import { Holder } from "../holder/holder.entity.js";
import { HolderKind } from "../holder/holder-kind.js";
import { type Service, Service as ServiceEntity } from "../service/service.entity.js";
import { ApiKey } from "./api-key.entity.js";
import { holderOfKey, type KeySelection, listApiKeys, servicesKeyWorksOn } from "./api-key.service.js";
import { Environment } from "./environment.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

/** Per key, newest first: its holder's email and where it works (slugs). */
let expected: { email: string; worksOn: string[] }[];

beforeEach(async () => {
  const f = factories(db.em());
  const services = [];
  // Every field has a value, so a field left unread would show (GraphQL answers a missing one as null).
  for (const slug of ["fines", "permits", "parking"]) {
    services.push(await f.service({ slug, description: `What ${slug} does` }));
  }
  const [fines, permits, parking] = services as [Service, Service, Service];
  const [alice, team, bob] = [await f.user(), await f.group({ description: "The team's mailbox" }), await f.user()];
  // Alice is Billing on two services, the group on one; Bob only views one, so his key works nowhere.
  const roles = [
    [fines, alice],
    [permits, alice],
    [parking, team],
    [fines, bob, CollaboratorRole.VIEWER],
  ] as const;
  for (const [service, holder, role] of roles) await f.collaborator(service, holder, role);
  const start = Date.now() - 3_600_000;
  const specs = [
    { holder: alice, worksOn: ["fines", "permits"] },
    { holder: team, worksOn: ["parking"] },
    { holder: bob, worksOn: [] },
    { holder: alice, worksOn: [], revokedAt: new Date() },
    { holder: team, worksOn: ["parking"], environment: Environment.STAGING },
    { holder: team, worksOn: [], expiresAt: new Date(start) },
    { holder: alice, worksOn: [], suspendedAt: new Date(start), suspendedReason: "audit", lastUsedAt: new Date(start) },
  ];
  for (const [i, { holder, worksOn: _, ...overrides }] of specs.entries()) {
    await f.key(holder, { name: `key ${i}`, createdAt: new Date(start + i * 60_000), ...overrides });
  }
  expected = specs.map((s) => ({ email: s.holder.email, worksOn: s.worksOn })).reverse();
});

/** The answer of `query` (a typed document, or text where a document cannot say it), with the SQL it ran. */
async function run<T>(query: string | DocumentNode, variables?: Record<string, unknown>) {
  let res: GqlResult<T> | undefined;
  const statements = await recordStatements(db, async () => {
    res = await (api.gql as (q: unknown, v?: unknown) => Promise<GqlResult<T>>)(query, variables);
  });
  expect(res?.errors).toBeUndefined();
  return { data: res?.data as T, count: res?.sqlStatements, statements };
}

/** What the statements read besides the key table. */
const readsOf = (statements: { text: string }[]) => ({
  holder: statements.some((s) => /\bholder h\b/.test(s.text)),
  billing: statements.some((s) => /\bcollaborator\b/.test(s.text)),
});

const FULL_PAGE = graphql(`
  query FullKeysPage {
    apiKeys(first: 50) {
      nodes { id name environment status prefix createdAt holder { id email kind } worksOn { id slug } }
    }
  }
`);
const IDS_PAGE = graphql(`
  query IdsPage($filter: ApiKeyFilter) { apiKeys(first: 50, filter: $filter) { totalCount nodes { id } } }
`);

describe("the keys page reads only what the query selects", () => {
  it("a page of ids reads no holder and no collaboration, in one statement, the same keys in the same order", async () => {
    const full = await run<ResultOf<typeof FULL_PAGE>>(FULL_PAGE);
    for (const filter of [null, { environment: Environment.PRODUCTION }, { holderKind: HolderKind.GROUP }]) {
      const ids = await run<ResultOf<typeof IDS_PAGE>>(IDS_PAGE, { filter });
      // The page, then its count: the page reads neither holders nor Billing roles.
      expect(ids.count).toBe(2);
      const page = ids.statements.filter((s) => /\bapi_key k\b/.test(s.text) && /\blimit\b/.test(s.text));
      expect(page).toHaveLength(1);
      expect(readsOf(page)).toEqual({ holder: false, billing: false });
      if (!filter) expect(ids.data.apiKeys.nodes).toEqual(full.data.apiKeys.nodes.map(({ id }) => ({ id })));
    }
  });

  it("the full page still reads each key's holder and where it works in its one statement", async () => {
    const { data, count, statements } = await run<ResultOf<typeof FULL_PAGE>>(FULL_PAGE);
    expect(count).toBe(1);
    expect(readsOf(statements)).toEqual({ holder: true, billing: true });
    expect(data.apiKeys.nodes.map((n) => ({ email: n.holder.email, worksOn: n.worksOn.map((s) => s.slug) }))).toEqual(
      expected,
    );
  });

  it("sees through fragments and aliases: the holder and the services are read with the page", async () => {
    // As text: the fragments are the point, spread as a client writes them, unmasked.
    const { data, count, statements } = await run<{
      apiKeys: { edges: { node: { key: string; owner: { email: string }; where: { slug: string }[] } }[] };
    }>(`
      query { apiKeys(first: 50) { edges { node { ...Key } } } }
      fragment Key on ApiKey { key: id ...Owner ... on ApiKey { where: worksOn { slug } } }
      fragment Owner on ApiKey { owner: holder { email } }
    `);
    expect(count).toBe(1);
    expect(readsOf(statements)).toEqual({ holder: true, billing: true });
    expect(
      data.apiKeys.edges.map(({ node }) => ({ email: node.owner.email, worksOn: node.where.map((s) => s.slug) })),
    ).toEqual(expected);
  });

  it("honours @include and @skip: what they leave out is not read, what they keep is read with the page", async () => {
    const query = graphql(`
      query KeysMaybeWithHolders($with: Boolean!) {
        apiKeys(first: 50) { nodes { id holder @include(if: $with) { email } worksOn @skip(if: true) { slug } } }
      }
    `);
    const without = await run<ResultOf<typeof query>>(query, { with: false });
    expect(without.count).toBe(1);
    expect(readsOf(without.statements)).toEqual({ holder: false, billing: false });
    const withHolder = await run<ResultOf<typeof query>>(query, { with: true });
    expect(withHolder.count).toBe(1);
    expect(readsOf(withHolder.statements)).toEqual({ holder: true, billing: false });
    expect(withHolder.data.apiKeys.nodes.map((n) => n.holder?.email)).toEqual(expected.map((e) => e.email));
  });

  it("a key's holder and services not read with the page are loaded once for the whole page", async () => {
    const ctx = createRequestContext({ em: db.orm.em, requestId: "page-reads", log: createLogger("silent") });
    const page = await listApiKeys(ctx, {}, { first: 50 }, null, { key: new Set(["id"]) });
    const loaded: { email: string; worksOn: string[] }[] = [];
    const statements = await recordStatements(db, async () => {
      const holders = await Promise.all(page.nodes.map((key) => holderOfKey(ctx, key)));
      const services = await Promise.all(page.nodes.map((key) => servicesKeyWorksOn(ctx, key)));
      for (const [i, holder] of holders.entries()) {
        loaded.push({ email: holder.email, worksOn: (services[i] ?? []).map((s) => s.slug) });
      }
    });
    expect(loaded).toEqual(expected);
    // One statement for the holders, one for the Billing services of the working keys' holders.
    expect(statements).toHaveLength(2);
  });
});

describe("the page's read models", () => {
  const brief: KeySelection = {
    key: new Set(["id", "name", "holder", "worksOn"]),
    holder: new Set(["id", "email"]),
    worksOn: new Set(["id", "slug"]),
  };
  it.each([
    ["every column", undefined],
    ["the brief columns", brief],
  ])(
    "read with %s, are instances of the entities with their fields as their own, and the ORM tracks none",
    async (_, selection) => {
      const ctx = createRequestContext({ em: db.orm.em, requestId: "page-reads", log: createLogger("silent") });
      const page = await listApiKeys(ctx, {}, { first: 50 }, null, selection);
      const keys = page.nodes;
      const holders = await Promise.all(keys.map((key) => holderOfKey(ctx, key)));
      const services = (await Promise.all(keys.map((key) => servicesKeyWorksOn(ctx, key)))).flat();
      expect(keys.map((k) => k.name)).toEqual(expected.map((_, i) => `key ${expected.length - 1 - i}`));
      expect(services.length).toBeGreaterThan(0);
      const models = new Map<object, abstract new (...args: never[]) => object>([
        ...keys.map((k) => [k, ApiKey] as const),
        ...holders.map((h) => [h, Holder] as const),
        ...services.map((s) => [s, ServiceEntity] as const),
      ]);
      for (const [model, type] of models) {
        expect(model).toBeInstanceOf(type);
        // Each field read is the model's own data property: none went through the ORM's setters
        // (which would have made the properties accessors and the ORM's helper).
        const own = Object.getOwnPropertyDescriptors(model);
        expect(Object.keys(own)).toContain("id");
        expect(Object.keys(own)).not.toContain("__helper");
        for (const [name, descriptor] of Object.entries(own)) {
          expect({ name, ...descriptor }).toEqual({
            name,
            value: descriptor.value,
            writable: true,
            enumerable: true,
            configurable: true,
          });
        }
        expect(wrap(model, true).__managed ?? false).toBe(false);
      }
      expect(keys[0]?.statusAt(ctx.now)).toBeDefined();
      expect(ctx.em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
    },
  );
});

/** `name` with a selection of `type`'s own leaf fields that take no required argument (enough to resolve it). */
function selectionOf(field: GraphQLField<unknown, unknown>): string {
  const type: GraphQLNamedType = getNamedType(field.type);
  if (isLeafType(type) || !isCompositeType(type)) return field.name;
  const leaves =
    isObjectType(type) || isInterfaceType(type)
      ? Object.values(type.getFields())
          .filter((f) => isLeafType(getNamedType(f.type)) && !f.args.some((a) => isNonNullType(a.type)))
          .map((f) => f.name)
      : [];
  return `${field.name} { __typename ${leaves.join(" ")} }`;
}

describe("every field of a key on the keys page", () => {
  const schema = buildSchema(readFileSync(new URL("../../../schema.graphql", import.meta.url), "utf8"));
  const keyType = schema.getType("ApiKey");
  const fields = isObjectType(keyType) ? Object.values(keyType.getFields()) : [];

  it("knows the key's fields", () => expect(fields.map((f) => f.name)).toContain("holder"));

  it.each(fields.map((f) => [f.name, selectionOf(f)]))(
    "%s answers as on the key itself, in statements that do not grow with the page",
    async (_name, selection) => {
      const counts: number[] = [];
      let nodes: { id: string }[] = [];
      for (const first of [2, 6]) {
        const res = await api.gql<{ apiKeys: { nodes: { id: string }[] } }>(
          `{ apiKeys(first: ${first}) { nodes { id ${selection} } } }`,
        );
        expect(res.errors).toBeUndefined();
        counts.push(res.sqlStatements);
        nodes = res.data?.apiKeys.nodes ?? [];
      }
      expect(counts[1]).toBe(counts[0]);
      expect(nodes).toHaveLength(6);
      for (const node of nodes) {
        const one = await api.gql<{ apiKey: unknown }>(`query($id: ID!) { apiKey(id: $id) { id ${selection} } }`, {
          id: node.id,
        });
        expect(one.errors).toBeUndefined();
        expect(node).toEqual(one.data?.apiKey);
      }
    },
  );
});

/** The statement that read a page of keys, among `statements`. */
const pageStatementOf = (statements: RecordedStatement[]) => {
  const pages = statements.filter((s) => /\bapi_key k\b/.test(s.text) && /\blimit\b/.test(s.text));
  expect(pages).toHaveLength(1);
  return pages[0] as RecordedStatement;
};

/** Each node of a page as the key itself answers the same selection, one key at a time. */
async function expectAsOnEachKey(nodes: { id: string }[], selection: string) {
  expect(nodes.length).toBeGreaterThan(0);
  for (const node of nodes) {
    const one = await api.gql<{ apiKey: unknown }>(`query($id: ID!) { apiKey(id: $id) { id ${selection} } }`, {
      id: node.id,
    });
    expect(one.errors).toBeUndefined();
    expect(node).toEqual(one.data?.apiKey);
  }
}

describe("a page whose caller asks only for a list's usual fields reads only their columns", () => {
  // The console's keys table: every field of it has a brief column.
  const ROW = `name prefix environment status expiresAt lastUsedAt createdAt suspendedAt revokedAt
    holder { __typename id email name kind ... on User { status } } worksOn { __typename id slug name }`;

  it("answers as each key does, from the brief columns, in one prepared statement", async () => {
    const { data, statements } = await run<{ apiKeys: { nodes: { id: string }[] } }>(
      `{ apiKeys(first: 50) { nodes { id ${ROW} } } }`,
    );
    const page = pageStatementOf(statements);
    // No column beyond the brief ones: not the key's digests or versions, not the holder's or the
    // services' timestamps and descriptions.
    for (const column of ["k.secret_digest", "k.version", "h.created_at", "h.description", "s.description"]) {
      expect(page.text).not.toContain(column);
    }
    expect(page.name).toMatch(/^kh_/);
    expect(data.apiKeys.nodes).toHaveLength(expected.length);
    await expectAsOnEachKey(data.apiKeys.nodes, ROW);
  });

  it.each([
    ["the key", "revokedReason suspendedReason version updatedAt verifiable", "k.secret_digest"],
    ["the holder", "holder { id email createdAt ... on GroupEmail { description } }", "h.description"],
    ["the services", "worksOn { slug description archivedAt }", "s.description"],
  ])("reads all the columns of %s when one more field of it is asked for", async (_of, selection, column) => {
    const { data, statements } = await run<{ apiKeys: { nodes: { id: string }[] } }>(
      `{ apiKeys(first: 50) { nodes { id name ${selection} } } }`,
    );
    expect(pageStatementOf(statements).text).toContain(column);
    await expectAsOnEachKey(data.apiKeys.nodes, `name ${selection}`);
  });

  it("keeps two pages of one operation apart: brief services for one do not answer the other", async () => {
    const full = "worksOn { slug description } holder { email ... on GroupEmail { description } }";
    const { data } = await run<{ brief: { nodes: { id: string }[] }; full: { nodes: { id: string }[] } }>(
      `{ brief: apiKeys(first: 50) { nodes { id worksOn { slug } holder { email } } }
         full: apiKeys(first: 50) { nodes { id ${full} } } }`,
    );
    await expectAsOnEachKey(data.brief.nodes, "worksOn { slug } holder { email }");
    await expectAsOnEachKey(data.full.nodes, full);
  });

  it("prepares only the pages of all keys: a filtered page is planned for its values each time", async () => {
    const query = "query($filter: ApiKeyFilter) { apiKeys(first: 50, filter: $filter) { nodes { id name } } }";
    for (const [filter, prepared] of [
      [null, true],
      [{ environment: Environment.STAGING }, false],
      [{ search: "key" }, false],
      [{ holderKind: HolderKind.GROUP }, false],
    ] as const) {
      const { statements } = await run(query, { filter });
      expect(pageStatementOf(statements).name !== undefined, JSON.stringify(filter)).toBe(prepared);
    }
  });
});
