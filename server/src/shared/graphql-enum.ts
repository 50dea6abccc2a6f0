import { registerEnumType } from "type-graphql";

/** The values of an enum object: `EnumValue<typeof Role>` is `"VIEWER" | "OPERATOR" | "ADMIN"`. */
export type EnumValue<E> = E[keyof E];

/**
 * Declares a schema enum once: each value with its description, in the schema's order. Returns a
 * frozen object mapping each value to itself (`Role.ADMIN === "ADMIN"`), registered with
 * type-graphql under `name`; it serves wherever a TypeScript string enum would (`@Field(() => Role)`,
 * `z.enum(Role)`, MikroORM's `@Enum({ items: () => Role })`, `Record<Role, …>`). Pair it with
 * `export type Role = EnumValue<typeof Role>` for the type of its values.
 */
export function graphqlEnum<const V extends Record<string, string>>(
  name: string,
  description: string,
  values: V,
): { readonly [K in keyof V & string]: K } {
  const names = Object.keys(values);
  const enumObject = Object.freeze(Object.fromEntries(names.map((value) => [value, value])));
  registerEnumType(enumObject, {
    name,
    description,
    valuesConfig: Object.fromEntries(names.map((value) => [value, { description: values[value] as string }])),
  });
  return enumObject as { readonly [K in keyof V & string]: K };
}
