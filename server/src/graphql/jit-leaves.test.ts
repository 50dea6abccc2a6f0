import { buildSchema, execute, GraphQLError, GraphQLScalarType, type GraphQLSchema, parse } from "graphql";
import { compileQuery, isCompiledQuery } from "graphql-jit";
import { describe, expect, it } from "vitest";
import { comparableAnswer, compiledCode } from "../test-support/jit.js";

// graphql-jit is patched (patches/graphql-jit@0.8.9.patch, ADR 0014): each leaf field is a
// hoisted function that builds an error's locations and path only when it reports one. These
// check that every way a leaf can fail reads as graphql-js reads it, at every depth of lists.

const schema: GraphQLSchema = buildSchema(`
  enum Colour { RED GREEN }
  scalar Shouty
  type Item { id: ID! n: Int! maybe: Int label: String! colour: Colour! loud: Shouty tags: [String!]! }
  type Group { name: String! items: [Item]! }
  type Query { groups: [Group!]! one: Item! count: Int! }
`);
// A custom scalar whose serialize throws on a value it cannot write. Items are nullable in their
// list, so a failed non-null leaf nulls its item only and the other cases still run.
Object.assign(schema.getType("Shouty") as GraphQLScalarType, {
  serialize(value: unknown) {
    if (typeof value !== "string") throw new GraphQLError(`Shouty cannot represent ${String(value)}`);
    return value.toUpperCase();
  },
});

const fine = { id: "i1", n: 1, maybe: null, label: "a", colour: "RED", loud: "hey", tags: ["x", "y"] };
const root = {
  count: 3,
  one: { ...fine, id: 7 },
  groups: [
    { name: "clean", items: [fine, { ...fine, id: "i2", maybe: 4 }] },
    {
      name: "broken",
      items: [
        { ...fine, id: "i3", n: null },
        { ...fine, id: "i4", label: new Error("label failed") },
        { ...fine, id: "i5", maybe: new Error("maybe failed") },
        { ...fine, id: "i6", n: "not a number" },
        { ...fine, id: "i7", colour: "PURPLE" },
        { ...fine, id: "i8", loud: 42 },
        { ...fine, id: "i9", tags: ["ok", null] },
      ],
    },
  ],
};

const QUERY = `{
  count
  one { id n label colour loud }
  groups { name items { id n maybe label colour loud tags } }
}`;

describe("graphql-jit's leaves, as patched", () => {
  it("answer values, nulls, returned errors and values their type cannot write exactly as graphql-js", async () => {
    const document = parse(QUERY);
    const compiled = compileQuery(schema, document, undefined, { disablingCapturingStackErrors: true });
    if (!isCompiledQuery(compiled)) throw new Error("did not compile");
    const jit = comparableAnswer(await compiled.query(root, {}, {}));
    const reference = comparableAnswer(await execute({ schema, document, rootValue: root }));
    expect(jit).toEqual(reference);
    // Every way to fail was met, at the depth of two lists.
    expect(reference.errors.map((e) => e.path?.join("."))).toEqual([
      "groups.1.items.0.n",
      "groups.1.items.1.label",
      "groups.1.items.2.maybe",
      "groups.1.items.3.n",
      "groups.1.items.4.colour",
      "groups.1.items.5.loud",
      "groups.1.items.6.tags.1",
    ]);
  });

  it("is the patched code: no leaf goes through the runtime's per-value check", () => {
    const code = compiledCode(schema, QUERY);
    expect(code).toContain("tryLeaf(value)");
    expect(code).not.toContain("checkNonNullLeaf(");
    expect(code).not.toContain("checkNullableLeaf(");
  });
});
