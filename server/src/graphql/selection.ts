import {
  type DirectiveNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLIncludeDirective,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  getDirectiveValues,
  Kind,
  type SelectionSetNode,
} from "graphql";

/** Where a connection's items are selected: `nodes { … }` and `edges { node { … } }`. */
export const CONNECTION_ITEMS: readonly (readonly string[])[] = [["nodes"], ["edges", "node"]];

/**
 * The names (not aliases) of the fields the operation selects at any of `paths` below the field
 * being resolved, through named and inline fragments, e.g. the fields of a connection's items
 * (`CONNECTION_ITEMS`), so a list reads only what its caller asked for. A selection that
 * `@skip`/`@include` leaves out is not counted; one whose condition cannot be read is (a field
 * counted in vain costs a read, one missed would cost a wrong answer). Reads only what graphql-js
 * and graphql-jit both put in `info`: `fieldNodes`, `fragments` and `variableValues`.
 *
 * A selection without directives answers the same on every run: it is kept per `fieldNodes`
 * (graphql-jit's compiled operation passes the same array on every run of a cached document;
 * graphql-js makes new ones, which then go with their run).
 */
export function selectedFields(info: GraphQLResolveInfo, paths: readonly (readonly string[])[]): ReadonlySet<string> {
  const key = paths.map((path) => path.join(".")).join("|");
  let known = answered.get(info.fieldNodes);
  const answer = known?.get(key);
  if (answer) return answer;
  const names = new Set<string>();
  let conditional = false;
  const included = (node: { directives?: readonly DirectiveNode[] }): boolean => {
    if (!node.directives?.length) return true;
    conditional = true;
    try {
      if (getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true) return false;
      return getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
    } catch {
      return true;
    }
  };
  // The fields of `set` directly, with the fragments it spreads flattened into it.
  const fieldsOf = (set: SelectionSetNode | undefined, seen = new Set<string>()): FieldNode[] =>
    (set?.selections ?? []).flatMap((selection): FieldNode[] => {
      if (!included(selection)) return [];
      if (selection.kind === Kind.FIELD) return [selection];
      if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsOf(selection.selectionSet, seen);
      const name = selection.name.value;
      const fragment: FragmentDefinitionNode | undefined = info.fragments[name];
      if (!fragment || seen.has(name)) return [];
      return fieldsOf(fragment.selectionSet, new Set([...seen, name]));
    });
  for (const path of paths) {
    let level: FieldNode[] = [...info.fieldNodes];
    for (const step of path) {
      level = level.flatMap((field) => fieldsOf(field.selectionSet)).filter((field) => field.name.value === step);
    }
    for (const field of level.flatMap((f) => fieldsOf(f.selectionSet))) names.add(field.name.value);
  }
  if (!conditional) {
    if (!known) {
      known = new Map();
      answered.set(info.fieldNodes, known);
    }
    known.set(key, names);
  }
  return names;
}

/** Per field's nodes, the answers of `selectedFields` that depend on no variable, by paths. */
const answered = new WeakMap<readonly FieldNode[], Map<string, ReadonlySet<string>>>();
