import {
  type GraphQLField,
  type GraphQLInputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from "graphql";
import { describe, expect, it } from "vitest";
import { keyholderSchema } from "../composition/schema.js";
import { graphql, type TestApi, useTestApi } from "../test-support/graphql.js";

let api: TestApi;
useTestApi((test) => ({ api } = test));

/** Text no column can store: a NUL, and both halves of a surrogate pair on their own. */
const UNSTORABLE = ["nul\u0000inside", "\ud800", "lone \udc00 low"];

/** The paths to every String and ID inside a value of `type` (list items count as the list). */
function textPaths(type: GraphQLInputType, seen = new Set<string>()): string[][] {
  const named = getNamedType(type);
  if (isScalarType(named)) return named.name === "String" || named.name === "ID" ? [[]] : [];
  if (!isInputObjectType(named) || seen.has(named.name)) return [];
  const inner = new Set([...seen, named.name]);
  return Object.values(named.getFields()).flatMap((f) => textPaths(f.type, inner).map((p) => [f.name, ...p]));
}

/** A value of `type` good enough for coercion, with `text` at `target` when one is given. */
function sample(type: GraphQLInputType, target: string[] | null, text: string): unknown {
  if (isNonNullType(type)) return sample(type.ofType, target, text);
  if (isListType(type)) return [sample(type.ofType, target, text)];
  if (isEnumType(type)) return type.getValues()[0]?.name;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (target?.[0] === field.name) value[field.name] = sample(field.type, target.slice(1), text);
      else if (isNonNullType(field.type) && field.defaultValue === undefined)
        value[field.name] = sample(field.type, null, text);
    }
    return value;
  }
  if (target?.length === 0) return text;
  if (type.name === "ID") return "00000000-0000-4000-8000-000000000000";
  if (type.name === "Int" || type.name === "Float") return 1;
  if (type.name === "Boolean") return false;
  if (type.name === "DateTimeISO") return "2030-01-01T00:00:00.000Z";
  return "x";
}

/** One request per String or ID inside every argument of `field`, carrying `text` there. */
function requests(kind: "query" | "mutation", field: GraphQLField<unknown, unknown>, text: string) {
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  return field.args.flatMap((arg) =>
    textPaths(arg.type).map((path) => {
      const args = [...new Set([...required, arg])];
      const variables = Object.fromEntries(args.map((a) => [a.name, sample(a.type, a === arg ? path : null, text)]));
      const declared = args.map((a) => `$${a.name}: ${String(a.type)}`).join(", ");
      const passed = args.map((a) => `${a.name}: $${a.name}`).join(", ");
      const selection =
        isScalarType(getNamedType(field.type)) || isEnumType(getNamedType(field.type)) ? "" : " { __typename }";
      return {
        label: `${field.name}(${[arg.name, ...path].join(".")})`,
        query: `${kind}(${declared}) { ${field.name}(${passed})${selection} }`,
        variables,
        field: [arg.name, ...path].join("."),
      };
    }),
  );
}

describe("text no column can store", () => {
  it("every String and ID argument of every Query and Mutation field refuses it with INVALID_TEXT, never an internal error", async () => {
    const schema = await keyholderSchema();
    const outcomes: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    let sent = 0;
    for (const [kind, type] of [
      ["query", schema.getQueryType()],
      ["mutation", schema.getMutationType()],
    ] as const) {
      for (const field of Object.values(type?.getFields() ?? {})) {
        for (const text of UNSTORABLE) {
          for (const request of requests(kind, field, text)) {
            const res = await api.gql(request.query, request.variables);
            sent++;
            const key = `${request.label} ${JSON.stringify(text)}`;
            outcomes[key] = { status: res.status, error: res.errors?.[0]?.extensions };
            expect(res.errors?.[0]?.extensions?.requestId, key).toEqual(expect.any(String));
            expected[key] = {
              status: 400,
              error: { code: "INVALID_TEXT", field: request.field, requestId: expect.any(String) },
            };
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(100);
    expect(outcomes).toEqual(expected);
    expect(api.logLines.join("\n")).not.toContain("unexpected error");
  });

  it("refuses it written in the query too, naming the argument", async () => {
    const res = await api.gql(graphql(`{ holders(filter: { search: "a\\u0000b" }) { totalCount } }`));
    expect({ status: res.status, error: res.errors?.[0]?.extensions }).toEqual({
      status: 400,
      error: { code: "INVALID_TEXT", field: "filter.search", requestId: expect.any(String) },
    });
  });

  it("still takes text with emoji and other characters outside the basic plane", async () => {
    const res = await api.gql(graphql(`query($s: String) { holders(filter: { search: $s }) { totalCount } }`), {
      s: "🔑 ключ 鍵",
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.holders?.totalCount).toBe(0);
  });
});
