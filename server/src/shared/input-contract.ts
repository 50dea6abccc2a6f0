import { Field, type FieldOptions, getMetadataStorage } from "type-graphql";
import { z } from "zod";

/** What `@Field` takes first: a function naming the field's GraphQL type. */
type ReturnTypeFunc = Exclude<Parameters<typeof Field>[0], FieldOptions | undefined>;

/** The rule of each checked field, by input class (fields of a parent class included). */
const rulesByClass = new WeakMap<object, Map<string, z.ZodType>>();

/**
 * A field of a GraphQL input type with the rule that checks it, declared once: the field goes
 * into the schema as type-graphql's `@Field` would put it, and the rule into the zod schema that
 * `inputSchema` builds for the class, which every caller of a service (GraphQL, the CLI, a job)
 * passes through. The rule must accept what the field's GraphQL type lets through, `null` and an
 * omitted value included when the field is nullable: `inputSchema` refuses a class otherwise.
 */
export function Checked(rule: z.ZodType, options?: FieldOptions): PropertyDecorator;
export function Checked(rule: z.ZodType, returnType: ReturnTypeFunc, options?: FieldOptions): PropertyDecorator;
export function Checked(
  rule: z.ZodType,
  typeOrOptions?: ReturnTypeFunc | FieldOptions,
  maybeOptions?: FieldOptions,
): PropertyDecorator {
  const field = typeof typeOrOptions === "function" ? Field(typeOrOptions, maybeOptions) : Field(typeOrOptions ?? {});
  const nullable = Boolean((typeof typeOrOptions === "function" ? maybeOptions : typeOrOptions)?.nullable);
  return (prototype, key) => {
    field(prototype, key);
    if (nullable) assertNullable(rule, `${prototype.constructor.name}.${String(key)}`);
    let rules = rulesByClass.get(prototype.constructor);
    if (!rules) {
      rules = new Map();
      rulesByClass.set(prototype.constructor, rules);
    }
    rules.set(String(key), rule);
  };
}

/** A nullable field whose rule refuses null would fail every caller that sends null. */
function assertNullable(rule: z.ZodType, where: string): void {
  const optionality = (rule as { _zod?: { optin?: string } })._zod?.optin;
  if (optionality !== "optional" || !rule.safeParse(null).success) {
    throw new Error(`${where} is nullable in GraphQL, so its rule must accept null and an omitted value.`);
  }
}

/** A rule for a field where null and an omitted value both mean "keep what is there". */
export const keep = <S extends z.ZodType>(rule: S) =>
  rule.nullish().transform((value) => (value === null ? undefined : value)) as unknown as z.ZodType<
    z.output<S> | undefined
  >;

/**
 * The zod schema of an input class, built from the rules its `@Checked` fields declare; the
 * parsed value has the class's shape (rules only trim, normalise or blank-to-null within it).
 * A plain `@Field` next to checked ones would go unchecked, so it is refused here.
 */
export function inputSchema<T extends object>(
  cls: abstract new () => T,
): z.ZodObject<{ [K in keyof T]-?: z.ZodType<T[K]> }> {
  const shape: Record<string, z.ZodType> = {};
  const chain: object[] = [];
  for (let c: unknown = cls; typeof c === "function" && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    chain.unshift(c);
  }
  for (const c of chain) for (const [key, rule] of rulesByClass.get(c) ?? []) shape[key] = rule;
  const unchecked = getMetadataStorage()
    .fields.filter((field) => chain.includes(field.target) && !(field.name in shape))
    .map((field) => field.name);
  if (unchecked.length > 0 || Object.keys(shape).length === 0) {
    throw new Error(`${cls.name} has fields without a rule: ${unchecked.join(", ") || "all of them"}.`);
  }
  return z.object(shape) as unknown as z.ZodObject<{ [K in keyof T]-?: z.ZodType<T[K]> }>;
}
