import { type GraphQLField, type GraphQLInputType, getNamedType, isInputObjectType, isScalarType } from "graphql";
import { describe, expect, it } from "vitest";
import { keyholderSchema } from "../composition/schema.js";
import { graphql, type TestApi, useTestApi } from "../test-support/graphql.js";
import { operationText, requiredArgs, rootFields, sampleValue } from "../test-support/schema-samples.js";

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

/** One request per String or ID inside every argument of `field`, carrying `text` there. */
function requests(kind: "query" | "mutation", field: GraphQLField<unknown, unknown>, text: string) {
  return field.args.flatMap((arg) =>
    textPaths(arg.type).map((path) => {
      const args = [...new Set([...requiredArgs(field), arg])];
      const variables = Object.fromEntries(
        args.map((a) => [a.name, sampleValue(a.type, a === arg ? path : null, text)]),
      );
      return {
        label: `${field.name}(${[arg.name, ...path].join(".")})`,
        query: operationText(kind, field, args),
        variables,
        field: [arg.name, ...path].join("."),
      };
    }),
  );
}

describe("text no column can store", () => {
  it("every String and ID argument of every Query and Mutation field refuses it with INVALID_TEXT, never an internal error", async () => {
    const outcomes: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    let sent = 0;
    for (const { kind, field } of rootFields(await keyholderSchema())) {
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
