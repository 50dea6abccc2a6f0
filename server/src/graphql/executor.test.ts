import { type GraphQLInputType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType } from "graphql";
import { describe, expect, it } from "vitest";
import { keyholderSchema } from "../composition/schema.js";
import { ApiKey } from "../modules/api-key/api-key.entity.js";
import { auditRows } from "../test-support/audit.js";
import type { TestDatabase } from "../test-support/database.js";
import { factories } from "../test-support/factories.js";
import { graphql, type TestApi, useTestApi } from "../test-support/graphql.js";
import { CREATE_KEY } from "../test-support/keys.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

/** Sample wire values of the custom scalars that inputs may carry. */
const PREVIEW = graphql(`
  query PreviewMove($k: ID!, $to: ID!) { reassignmentPreview(ids: [$k], toHolderId: $to) { billingAdded { slug } } }
`);
const MOVE = graphql(`
  mutation MoveKey($i: ReassignApiKeyInput!) {
    reassignApiKey(input: $i) { reassignment { toHolderEmail } errors { code } }
  }
`);

const SCALAR_SAMPLES: Record<string, unknown[]> = {
  DateTimeISO: ["2030-01-02T03:04:05.678Z", "2030-01-02T03:04:05Z"],
};

describe("variables are coerced once, by graphql-js", () => {
  // graphql-jit coerces the already coerced values again: that must change nothing.
  it("every enum's values are its names, so coercing a coerced enum value is the identity", async () => {
    const schema = await keyholderSchema();
    const enums = Object.values(schema.getTypeMap()).filter(isEnumType);
    expect(enums.length).toBeGreaterThan(5);
    for (const type of enums) {
      for (const value of type.getValues())
        expect({ enum: type.name, value: value.value }).toEqual({ enum: type.name, value: value.name });
    }
  });

  it("every custom scalar an input can carry parses its own parsed value unchanged", async () => {
    const schema = await keyholderSchema();
    const inputScalars = new Set<string>();
    const visit = (type: GraphQLInputType): void => {
      if (isNonNullType(type) || isListType(type)) visit(type.ofType);
      else if (isScalarType(type)) inputScalars.add(type.name);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) visit(field.type);
    }
    for (const root of [schema.getQueryType(), schema.getMutationType()]) {
      for (const field of Object.values(root?.getFields() ?? {})) for (const arg of field.args) visit(arg.type);
    }
    const custom = [...inputScalars].filter((name) => !["String", "Int", "Float", "Boolean", "ID"].includes(name));
    expect(custom.sort()).toEqual(Object.keys(SCALAR_SAMPLES).sort());
    for (const name of custom) {
      const scalar = schema.getType(name);
      if (!isScalarType(scalar)) throw new Error(`${name} is not a scalar`);
      for (const sample of SCALAR_SAMPLES[name] ?? []) {
        const once = scalar.parseValue(sample);
        expect(scalar.parseValue(once)).toEqual(once);
      }
    }
  });

  it("refuses a missing, mistyped or unknown variable with 400 BAD_USER_INPUT, changing nothing", async () => {
    const group = await factories(db.em()).group();
    for (const input of [
      { name: "payments", holderId: group.id },
      { name: "payments", holderId: group.id, environment: "production" },
      { name: "payments", holderId: group.id, environment: "STAGING", expiresAt: "tomorrow" },
      { name: "payments", holderId: group.id, environment: "STAGING", colour: "red" },
      { name: 42, holderId: group.id, environment: "STAGING" },
    ]) {
      // Deliberately mistyped variables: the executor must refuse them.
      const res = await api.gql(CREATE_KEY, { input } as never);
      expect({ input, status: res.status, code: res.errors?.[0]?.extensions?.code }).toEqual({
        input,
        status: 400,
        code: "BAD_USER_INPUT",
      });
      expect(res.errors?.[0]?.message).toMatch(/^Variable "\$input" got invalid value/);
      expect(res.data).toBeUndefined();
    }
    const res = await api.gql(CREATE_KEY, {} as never);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.message).toBe('Variable "$input" of required type "CreateApiKeyInput!" was not provided.');
    expect(await db.em().count(ApiKey, {})).toBe(0);
    expect(await auditRows(db)).toEqual([]);
  });

  it("fills argument and input field defaults (keepAccess) and parses scalars (expiresAt) as graphql-js does", async () => {
    const group = await factories(db.em()).group();
    const res = await api.gql(CREATE_KEY, {
      input: { name: "payments", holderId: group.id, environment: "STAGING", expiresAt: "2030-01-02T03:04:05.678Z" },
    });
    expect(res.data?.createApiKey.errors).toEqual([]);
    expect(res.data?.createApiKey.apiKey?.expiresAt).toBe("2030-01-02T03:04:05.678Z");
    const keyId = res.data!.createApiKey.apiKey!.id;
    const other = await factories(db.em()).group();
    const preview = await api.gql(PREVIEW, { k: keyId, to: other.id });
    expect(preview.errors).toBeUndefined();
    expect(preview.data?.reassignmentPreview.billingAdded).toEqual([]);
    const move = await api.gql(MOVE, { i: { id: keyId, toHolderId: other.id, version: 1, reason: "team change" } });
    expect(move.data?.reassignApiKey).toEqual({ reassignment: { toHolderEmail: other.email }, errors: [] });
  });
});

describe("execution", () => {
  it("answers the same document the same way each time (it is compiled once), with its errors in place", async () => {
    const group = await factories(db.em()).group({ email: "payments-team@agency.gov.example" });
    // A string: the error's location below is a column of this exact one-line text.
    const query = `query($id: ID!) { holder(id: $id) { __typename email ... on GroupEmail { members { nodes { email } } } } }`;
    const first = await api.gql(query, { id: group.id });
    const second = await api.gql(query, { id: group.id });
    expect(first.data).toEqual({
      holder: { __typename: "GroupEmail", email: "payments-team@agency.gov.example", members: { nodes: [] } },
    });
    expect(second.data).toEqual(first.data);
    const refused = await api.anonymous(query, { id: group.id });
    expect(refused.data?.holder).toBeNull();
    expect(refused.errors?.[0]).toMatchObject({
      path: ["holder"],
      locations: [{ line: 1, column: 19 }],
      extensions: { code: "UNAUTHENTICATED" },
    });
  });
});
