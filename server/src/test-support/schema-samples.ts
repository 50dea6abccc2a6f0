import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from "graphql";

/** A field of Query or Mutation: the operation that calls it, its `Type.field` name and the field. */
export interface RootField {
  kind: "query" | "mutation";
  name: string;
  field: GraphQLField<unknown, unknown>;
}

/** Every Query and Mutation field of the schema. */
export function rootFields(schema: GraphQLSchema): RootField[] {
  return (
    [
      ["query", schema.getQueryType()],
      ["mutation", schema.getMutationType()],
    ] as const
  ).flatMap(([kind, type]) =>
    Object.values(type?.getFields() ?? {}).map((field) => ({ kind, name: `${type?.name}.${field.name}`, field })),
  );
}

/**
 * A value of `type` good enough for coercion: input objects with their required fields only (a
 * field with a default is left out), and `text` at the path `target` inside it when one is given.
 */
export function sampleValue(type: GraphQLInputType, target: string[] | null = null, text = "x"): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, target, text);
  if (isListType(type)) return [sampleValue(type.ofType, target, text)];
  if (isEnumType(type)) return type.getValues()[0]?.name;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (target?.[0] === field.name) value[field.name] = sampleValue(field.type, target.slice(1), text);
      else if (isNonNullType(field.type) && field.defaultValue === undefined)
        value[field.name] = sampleValue(field.type, null, text);
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

/**
 * The document calling `field` with the arguments `args`, each passed as a variable of its own
 * name and type, selecting `__typename` when the field answers an object.
 */
export function operationText(
  kind: "query" | "mutation",
  field: GraphQLField<unknown, unknown>,
  args: readonly { name: string; type: GraphQLInputType }[],
): string {
  const declared = args.length ? `(${args.map((a) => `$${a.name}: ${String(a.type)}`).join(", ")})` : "";
  const passed = args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(", ")})` : "";
  const named = getNamedType(field.type);
  const selection = isScalarType(named) || isEnumType(named) ? "" : " { __typename }";
  return `${kind}${declared} { ${field.name}${passed}${selection} }`;
}

/** The arguments a call to `field` cannot leave out: non-null and without a default. */
export function requiredArgs(field: GraphQLField<unknown, unknown>) {
  return field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
}
