import { buildSchema, execute, type GraphQLResolveInfo, type GraphQLSchema, parse } from "graphql";
import { compileQuery, isCompiledQuery } from "graphql-jit";
import { describe, expect, it } from "vitest";
import { comparableAnswer, compiledCode } from "../test-support/jit.js";
import { RESOLVE_INFO_UNREAD } from "./lean-resolvers.js";

// graphql-jit is patched (patches/graphql-jit@0.8.9.patch, ADR 0014): a resolver is called in
// place and its value handed on at once unless it is a promise, a list item that is not a promise
// goes straight to its handler, and a resolver that says it never reads its resolve info gets none.
// These check that every way a resolver can answer reads as graphql-js reads it.

const schema: GraphQLSchema = buildSchema(`
  type Item {
    id: ID!
    plain: String!
    promised: String!
    throws: String
    throwsNonNull: String!
    rejects: String
    rejectsNonNull: String!
    nullNonNull: String!
    errorValue: String
    where: String!
    unread: String
    shape: Shape
  }
  interface Shape { id: ID! }
  type Square implements Shape { id: ID! }
  type Query { items: [Item]! promisedItems: [Item!]! one: Item failing: [Item!] }
  type Mutation { first: String second: String third: String fourth: String! }
`);

const fields = (type: string) =>
  (schema.getType(type) as unknown as { getFields(): Record<string, { resolve?: unknown }> }).getFields();
const item = fields("Item");
type Root = { id: string; broken?: boolean };
item.plain!.resolve = (root: Root) => `plain ${root.id}`;
item.promised!.resolve = async (root: Root) => `promised ${root.id}`;
item.throws!.resolve = (root: Root) => {
  if (root.broken) throw new Error(`throws ${root.id}`);
  return "fine";
};
item.throwsNonNull!.resolve = (root: Root) => {
  if (root.broken) throw new Error(`throwsNonNull ${root.id}`);
  return "fine";
};
item.rejects!.resolve = async (root: Root) => {
  if (root.broken) throw new Error(`rejects ${root.id}`);
  return "fine";
};
item.rejectsNonNull!.resolve = (root: Root) =>
  root.broken ? Promise.reject(new Error(`rejectsNonNull ${root.id}`)) : Promise.resolve("fine");
item.nullNonNull!.resolve = (root: Root) => (root.broken ? null : "fine");
item.errorValue!.resolve = (root: Root) => (root.broken ? new Error(`errorValue ${root.id}`) : "fine");
item.where!.resolve = (_root: Root, _args: unknown, _ctx: unknown, info: GraphQLResolveInfo) =>
  `${info.parentType.name}.${info.fieldName} at ${JSON.stringify(pathOf(info.path))}`;
const unread = (_root: Root, _args: unknown, _ctx: unknown, info: GraphQLResolveInfo | undefined) =>
  info === undefined ? "no info" : "info";
item.unread!.resolve = unread;
// A field of an abstract type: its resolveType reads the field's info, marked or not.
const shape = (root: Root) => ({ id: `shape of ${root.id}` });
item.shape!.resolve = shape;
const resolvedTypeInfo: string[] = [];
Object.assign(schema.getType("Shape") as object, {
  resolveType(_value: unknown, _ctx: unknown, info: GraphQLResolveInfo) {
    resolvedTypeInfo.push(`${info.fieldName}: ${String(info.returnType)}`);
    return "Square";
  },
});

// Mutations run one after another (graphql-jit's serial path): a value, a thrown error, a
// rejected promise, a promised value of a non-null field.
const mutation = fields("Mutation");
const ran: string[] = [];
mutation.first!.resolve = () => {
  ran.push("first");
  return "one";
};
mutation.second!.resolve = () => {
  ran.push("second");
  throw new Error("second refused");
};
mutation.third!.resolve = async () => {
  ran.push("third");
  throw new Error("third rejected");
};
mutation.fourth!.resolve = async () => {
  ran.push("fourth");
  return "four";
};

const query = fields("Query");
// A list of items and promises of items, some broken, one null.
query.items!.resolve = () => [
  { id: "a" },
  Promise.resolve({ id: "b", broken: true }),
  { id: "c", broken: true },
  null,
  Promise.resolve({ id: "e" }),
  Promise.reject(new Error("item f")),
];
query.promisedItems!.resolve = async () => [{ id: "p" }, Promise.resolve({ id: "q", broken: true })];
query.one!.resolve = () => ({ id: "o" });
query.failing!.resolve = () => {
  throw new Error("no list");
};

// An object nulled by a non-null field's error reports that error alone in graphql-js (the other
// fields' promises are not waited for) and all of them in graphql-jit, patched or not: each
// non-null failure is asked for on its own, under an alias.
const QUERY = `{
  items { id plain promised throws rejects errorValue where }
  a: items { throwsNonNull }
  b: items { rejectsNonNull }
  c: items { nullNonNull }
  promisedItems { id plain throws rejects errorValue where }
  one { id where }
  failing { id }
}`;

function pathOf(path: GraphQLResolveInfo["path"] | undefined): (string | number)[] {
  const keys: (string | number)[] = [];
  for (let at = path; at; at = at.prev) keys.unshift(at.key);
  return keys;
}

function compiled(text: string) {
  const result = compileQuery(schema, parse(text), undefined, { disablingCapturingStackErrors: true });
  if (!isCompiledQuery(result)) throw new Error("did not compile");
  return result;
}

describe("graphql-jit's resolver calls, as patched", () => {
  it("answer values, promises, thrown and rejected errors, nulls and error values exactly as graphql-js", async () => {
    const document = parse(QUERY);
    const jit = comparableAnswer(await compiled(QUERY).query({}, {}, {}));
    const reference = comparableAnswer(await execute({ schema, document, rootValue: {} }));
    expect(jit).toEqual(reference);
    // Every way to answer was met, in a list of values and promises and in a promised list.
    expect(reference.errors.map((e) => e.path?.join("."))).toEqual([
      "a.1.throwsNonNull",
      "a.2.throwsNonNull",
      "a.5",
      "b.1.rejectsNonNull",
      "b.2.rejectsNonNull",
      "b.5",
      "c.1.nullNonNull",
      "c.2.nullNonNull",
      "c.5",
      "failing",
      "items.1.errorValue",
      "items.1.rejects",
      "items.1.throws",
      "items.2.errorValue",
      "items.2.rejects",
      "items.2.throws",
      "items.5",
      "promisedItems.1.errorValue",
      "promisedItems.1.rejects",
      "promisedItems.1.throws",
    ]);
    expect((jit.data as { items: { where: string }[] }).items[0]?.where).toBe('Item.where at ["items",0,"where"]');
  });

  it("gives a resolver that says it reads no resolve info none, and every other one its info", async () => {
    const text = "{ one { unread where shape { id } } items { unread where } }";
    const info = { unread: "info" };
    const before = await compiled(text).query({}, {}, {});
    expect((before.data as { items: unknown }).items).toEqual([
      { ...info, where: 'Item.where at ["items",0,"where"]' },
      { ...info, where: 'Item.where at ["items",1,"where"]' },
      { ...info, where: 'Item.where at ["items",2,"where"]' },
      null,
      { ...info, where: 'Item.where at ["items",4,"where"]' },
      null,
    ]);
    const typeInfoBefore = resolvedTypeInfo.splice(0);
    expect(typeInfoBefore).toEqual(["shape: Shape"]);
    for (const resolve of [unread, shape]) {
      Object.defineProperty(resolve, RESOLVE_INFO_UNREAD, { value: true, configurable: true });
    }
    try {
      const after = await compiled(text).query({}, {}, {});
      const data = after.data as { one: Record<string, unknown>; items: (Record<string, unknown> | null)[] };
      expect(data.one).toEqual({
        unread: "no info",
        where: 'Item.where at ["one","where"]',
        shape: { id: "shape of o" },
      });
      expect(data.items.map((i) => i?.unread ?? null)).toEqual([
        "no info",
        "no info",
        "no info",
        null,
        "no info",
        null,
      ]);
      // The others in the same operation still get theirs, and so does the abstract type's resolveType.
      expect(data.items[4]?.where).toBe('Item.where at ["items",4,"where"]');
      expect(resolvedTypeInfo.splice(0)).toEqual(typeInfoBefore);
    } finally {
      for (const resolve of [unread, shape])
        delete (resolve as unknown as Record<symbol, unknown>)[RESOLVE_INFO_UNREAD];
    }
  });

  it("runs mutations one after another and answers their values and errors as graphql-js", async () => {
    const text = "mutation { first second third fourth }";
    const jit = comparableAnswer(await compiled(text).query({}, {}, {}));
    expect(ran.splice(0)).toEqual(["first", "second", "third", "fourth"]);
    const reference = comparableAnswer(await execute({ schema, document: parse(text), rootValue: {} }));
    expect(ran.splice(0)).toEqual(["first", "second", "third", "fourth"]);
    expect(jit).toEqual(reference);
    expect(reference.errors.map((e) => e.message)).toEqual(["second refused", "third rejected"]);
  });

  it("is the patched code: no resolver call or list item goes through the runtime's closures unless it is a promise", () => {
    const code = compiledCode(schema, QUERY);
    expect(code).not.toContain("callResolver(");
    expect(code).toMatch(/if \(!__context\.rt\.isPromise\(__currentItem\)\)/);
  });
});
