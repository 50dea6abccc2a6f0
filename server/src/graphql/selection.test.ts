import { buildSchema, execute, type GraphQLResolveInfo, parse } from "graphql";
import { compileQuery, isCompiledQuery } from "graphql-jit";
import { describe, expect, it } from "vitest";
import { CONNECTION_ITEMS, selectedFields } from "./selection.js";

const schema = buildSchema(`
  type Holder { id: ID! email: String! }
  type Item { id: ID! name: String! holder: Holder! worksOn: [String!]! }
  type Edge { cursor: String! node: Item! }
  type Connection { totalCount: Int! nodes: [Item!]! edges: [Edge!]! }
  type Query { items: Connection! other: Connection! }
`);

/** The fields of the items `query` selects, as `items` sees them under graphql-js and under graphql-jit. */
async function itemFieldsOf(query: string, variables: Record<string, unknown> = {}) {
  const seen: string[][] = [];
  const fields = schema.getQueryType()?.getFields() ?? {};
  const empty = { totalCount: 0, nodes: [], edges: [] };
  for (const field of Object.values(fields)) field.resolve = () => empty;
  (fields.items as { resolve: unknown }).resolve = (
    _root: unknown,
    _args: unknown,
    _ctx: unknown,
    info: GraphQLResolveInfo,
  ) => {
    seen.push([...selectedFields(info, CONNECTION_ITEMS)].sort());
    return empty;
  };
  const rootValue = {};
  const document = parse(query);
  const byJs = await execute({ schema, document, rootValue, variableValues: variables });
  expect(byJs.errors).toBeUndefined();
  const compiled = compileQuery(schema, document);
  if (!isCompiledQuery(compiled)) throw new Error(JSON.stringify(compiled.errors));
  const byJit = await compiled.query(rootValue, {}, variables);
  expect(byJit.errors).toBeUndefined();
  expect(seen).toHaveLength(2);
  expect(seen[1], "graphql-jit sees what graphql-js sees").toEqual(seen[0]);
  return seen[0];
}

describe("selectedFields", () => {
  it("names the fields of the items under nodes and under edges { node }, not the connection's own", async () => {
    expect(await itemFieldsOf("{ items { totalCount nodes { id } } }")).toEqual(["id"]);
    expect(await itemFieldsOf("{ items { edges { cursor node { name holder { email } } } } }")).toEqual([
      "holder",
      "name",
    ]);
    expect(await itemFieldsOf("{ items { nodes { id } edges { node { worksOn } } } }")).toEqual(["id", "worksOn"]);
    expect(await itemFieldsOf("{ items { totalCount } }")).toEqual([]);
  });

  it("names fields, not aliases, and reads through named, nested and inline fragments", async () => {
    expect(await itemFieldsOf("{ items { nodes { key: id owner: holder { email } } } }")).toEqual(["holder", "id"]);
    expect(
      await itemFieldsOf(`
        query { items { ...Page } }
        fragment Page on Connection { nodes { ...Key ... on Item { where: worksOn } } }
        fragment Key on Item { id ...Owner }
        fragment Owner on Item { holder { id } }
      `),
    ).toEqual(["holder", "id", "worksOn"]);
    expect(await itemFieldsOf("{ items { ... on Connection { edges { node { ... { name } } } } } }")).toEqual(["name"]);
  });

  it("leaves out what @skip or @include leaves out, by literal or by variable, and keeps what they keep", async () => {
    const query = `query($with: Boolean!, $skip: Boolean!) {
      items { nodes {
        id
        holder @include(if: $with) { email }
        worksOn @skip(if: $skip)
        name @skip(if: true)
        ... on Item @include(if: false) { prefix: name }
        ...Owner @skip(if: $skip)
      } }
    }
    fragment Owner on Item { owner: holder { id } }`;
    expect(await itemFieldsOf(query, { with: false, skip: true })).toEqual(["id"]);
    expect(await itemFieldsOf(query, { with: true, skip: false })).toEqual(["holder", "id", "worksOn"]);
    expect(
      await itemFieldsOf("{ items @include(if: true) { nodes @skip(if: true) { id } edges { node { name } } } }"),
    ).toEqual(["name"]);
  });

  it("answers each run of one compiled operation by its own variables, and the same without directives", async () => {
    const seen: string[][] = [];
    const answers: ReadonlySet<string>[] = [];
    const fields = schema.getQueryType()?.getFields() ?? {};
    const empty = { totalCount: 0, nodes: [], edges: [] };
    for (const field of Object.values(fields)) {
      field.resolve = (_root: unknown, _args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
        const answer = selectedFields(info, CONNECTION_ITEMS);
        answers.push(answer);
        seen.push([...answer].sort());
        return empty;
      };
    }
    const compiled = compileQuery(
      schema,
      parse("query($skip: Boolean!) { items { nodes { id worksOn @skip(if: $skip) } } other { nodes { name } } }"),
    );
    if (!isCompiledQuery(compiled)) throw new Error(JSON.stringify(compiled.errors));
    for (const skip of [true, false, true, false]) await compiled.query({}, {}, { skip });
    expect(seen).toEqual([
      ["id"],
      ["name"],
      ["id", "worksOn"],
      ["name"],
      ["id"],
      ["name"],
      ["id", "worksOn"],
      ["name"],
    ]);
    // The selection without directives is worked out once; the one with them on every run.
    expect(answers[3]).toBe(answers[1]);
    expect(answers[7]).toBe(answers[1]);
    expect(answers[4]).not.toBe(answers[0]);
  });

  it("reads only the field being resolved, not another field beside it", async () => {
    expect(await itemFieldsOf("{ other { nodes { holder { id } } } items { nodes { id } } }")).toEqual(["id"]);
  });
});
