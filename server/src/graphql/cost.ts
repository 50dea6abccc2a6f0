import {
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isListType,
  isNonNullType,
  Kind,
  type NamedTypeNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  typeFromAST,
  valueFromAST,
  visit,
} from "graphql";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../shared/pagination.js";
import { carriesSecrets } from "./secret-arguments.js";

/** What `argumentValue` answers for an argument whose value does not fit its type. */
const UNREADABLE = Symbol("unreadable");

const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_FACTOR = 1.5;

/**
 * What an operation will cost to answer, computed with its coerced variables, so `first: $n`
 * counts as much as `first: 100`. A field with a selection costs 2 plus 1.5 times its
 * selection, a leaf 1; a list inside a paged field (`nodes`, `items`, also below an object field
 * in between) counts once per item the page may hold: the `first` (or `last`) it was given, that argument's
 * default, or the default page size; a list answering one item per id (`nodes(ids:)`), once per id. Fragments and
 * inline fragments count as if written out, and every alias counts.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  let bySchema = known.get(schema);
  if (!bySchema) {
    bySchema = new WeakMap();
    known.set(schema, bySchema);
  }
  let costs = bySchema.get(operation);
  if (!costs) {
    // An operation that passes a credential is costed every time: its values are not kept.
    const variables = carriesSecrets(schema, document) ? null : [...sizingVariables(document)];
    costs = { variables, byValues: new Map() };
    bySchema.set(operation, costs);
  }
  if (!costs.variables) return computeCost(schema, document, operation, variables);
  // The cost depends on the variables only through the arguments that size a list; a variable not
  // given (its argument's default applies) is told from one given as null. A long key (a list of
  // many ids) is not kept.
  const key = JSON.stringify(costs.variables.map((name) => (Object.hasOwn(variables, name) ? [variables[name]] : 0)));
  let cost = costs.byValues.get(key);
  if (cost === undefined) {
    cost = computeCost(schema, document, operation, variables);
    if (key.length <= KEY_KEPT_MAX) {
      if (costs.byValues.size >= COSTS_KEPT) costs.byValues.clear();
      costs.byValues.set(key, cost);
    }
  }
  return cost;
}

/** The arguments whose values size a list (`computeCost`). */
const SIZING_ARGUMENTS = new Set(["first", "last", "ids"]);

/**
 * How many costs are kept per operation, one per set of sizing values, and how long a set's key
 * may be: at most ~1 kB per document Apollo keeps, whatever a client sends.
 */
const COSTS_KEPT = 16;
const KEY_KEPT_MAX = 64;

/**
 * Per schema and operation (Apollo keeps one parsed document per query text), the variables that
 * size its lists and its cost for each of their values seen lately.
 */
const known = new WeakMap<
  GraphQLSchema,
  WeakMap<OperationDefinitionNode, { variables: string[] | null; byValues: Map<string, number> }>
>();

/** The variables used anywhere in the document within a `first`, `last` or `ids` argument. */
function sizingVariables(document: DocumentNode): Set<string> {
  const names = new Set<string>();
  visit(document, {
    Argument(argument) {
      if (!SIZING_ARGUMENTS.has(argument.name.value)) return false;
      visit(argument.value, {
        Variable(variable) {
          names.add(variable.name.value);
        },
      });
      return false;
    },
  });
  return names;
}

function computeCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;

  // `page` is the size given above this field and not yet used by a list: a field's own `first`
  // replaces it, a list uses it up, and an object field between them passes it on (risks' `first`
  // sizes the `items` of every category beneath it).
  const fieldCost = (node: FieldNode, field: GraphQLField<unknown, unknown>, page: number): number => {
    const type = getNamedType(field.type);
    if (!node.selectionSet || !isCompositeType(type)) return SCALAR_COST;
    const inner = pageSize(node, field) ?? (isListType(nullable(field)) ? 1 : page);
    return OBJECT_COST + DEPTH_FACTOR * selectionCost(node.selectionSet, type, inner);
  };

  const nullable = (field: GraphQLField<unknown, unknown>) =>
    isNonNullType(field.type) ? field.type.ofType : field.type;

  // One argument as the resolver gets it: written or through a variable, else its default;
  // UNREADABLE when its value does not fit its type. Only the sizing argument is read: another
  // argument of the field that fails (which graphql-jit may let through, as it does a null in an
  // input object's non-null field) cannot change the count.
  const argumentValue = (node: FieldNode, field: GraphQLField<unknown, unknown>, name: string): unknown => {
    const definition = field.args.find((a) => a.name === name);
    if (!definition) return undefined;
    const given = node.arguments?.find((a) => a.name.value === name)?.value;
    if (!given || (given.kind === Kind.VARIABLE && !Object.hasOwn(variables, given.name.value))) {
      return definition.defaultValue;
    }
    const value = valueFromAST(given, definition.type, variables);
    return value === undefined ? UNREADABLE : value;
  };

  const pageSize = (node: FieldNode, field: GraphQLField<unknown, unknown>): number | undefined => {
    if (!field.args.some((a) => a.name === "first" || a.name === "last")) return undefined;
    const first = argumentValue(node, field, "first");
    const last = argumentValue(node, field, "last");
    // A size that cannot be read fails the operation; until then it counts as the largest page.
    if (first === UNREADABLE || last === UNREADABLE) return MAX_PAGE_SIZE;
    // Neither given: a connection's page is DEFAULT_PAGE_SIZE long (`first` has no default, so `last` can stand alone).
    const size = Number(first ?? last ?? DEFAULT_PAGE_SIZE);
    return Number.isFinite(size) ? Math.max(1, size) : MAX_PAGE_SIZE;
  };

  // A list answering one item per id it was given (`nodes(ids:)`) holds as many items as ids, as
  // many aliased root fields would: not the one item a root list counts otherwise.
  const perId = (node: FieldNode, field: GraphQLField<unknown, unknown>): number | undefined => {
    if (!field.args.some((a) => a.name === "ids")) return undefined;
    const ids = argumentValue(node, field, "ids");
    if (ids === UNREADABLE) return MAX_PAGE_SIZE;
    return Array.isArray(ids) ? Math.max(1, ids.length) : undefined;
  };

  // A fragment spread many times is costed once per page size: written out, a few fragments that
  // each spread the next twice would take exponential time to walk.
  const fragmentCosts = new Map<string, number>();
  const fragmentCost = (name: string, parent: GraphQLCompositeType, page: number): number => {
    const key = `${name}|${parent.name}|${page}`;
    let cost = fragmentCosts.get(key);
    if (cost === undefined) {
      const fragment = fragments.get(name);
      cost = fragment ? selectionCost(fragment.selectionSet, conditionOf(fragment.typeCondition, parent), page) : 0;
      fragmentCosts.set(key, cost);
    }
    return cost;
  };

  const conditionOf = (condition: NamedTypeNode | undefined, parent: GraphQLCompositeType): GraphQLCompositeType => {
    const type = condition ? typeFromAST(schema, condition) : parent;
    return isCompositeType(type) ? type : parent;
  };

  const selectionCost = (set: SelectionSetNode, parent: GraphQLCompositeType, page: number): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith("__")) continue;
        const field = "getFields" in parent ? parent.getFields()[selection.name.value] : undefined;
        if (!field) continue;
        cost +=
          fieldCost(selection, field, page) * (isListType(nullable(field)) ? (perId(selection, field) ?? page) : 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        cost += selectionCost(selection.selectionSet, conditionOf(selection.typeCondition, parent), page);
      } else {
        cost += fragmentCost(selection.name.value, parent, page);
      }
    }
    return cost;
  };

  return selectionCost(operation.selectionSet, root, 1);
}
