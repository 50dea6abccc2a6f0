import { GraphQLEnumType, GraphQLNonNull, type GraphQLObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { keyholderSchema } from "./schema.js";

/** Fields whose values are one of a fixed set, and the enum that names the set. */
const ENUM_FIELDS: [string, string, string][] = [
  ["AccessToken", "status", "AccessTokenStatus"],
  ["AuditEvent", "credentialKind", "CredentialKind"],
  ["Viewer", "credentialKind", "CredentialKind"],
  ["PlannedCollaboration", "role", "CollaboratorRole"],
  ["RemovedCollaboration", "role", "CollaboratorRole"],
  ["PlannedKey", "environment", "Environment"],
];

describe("fields with a fixed set of values", () => {
  it.each(ENUM_FIELDS)("%s.%s is the enum %s, so a client's types list its values", async (type, field, expected) => {
    const schema = await keyholderSchema();
    const fieldType = (schema.getType(type) as GraphQLObjectType).getFields()[field]?.type;
    expect(fieldType).toBeInstanceOf(GraphQLNonNull);
    const named = (fieldType as GraphQLNonNull<GraphQLEnumType>).ofType;
    expect(named).toBeInstanceOf(GraphQLEnumType);
    expect(named.name).toBe(expected);
  });

  it("describes every value of the new enums", async () => {
    const schema = await keyholderSchema();
    for (const name of ["AccessTokenStatus", "CredentialKind"]) {
      const values = (schema.getType(name) as GraphQLEnumType).getValues();
      expect(values.length).toBeGreaterThan(0);
      expect(values.filter((v) => !v.description).map((v) => v.name)).toEqual([]);
    }
  });
});
