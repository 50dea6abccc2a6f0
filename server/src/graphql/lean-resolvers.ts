import { type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from "graphql";
import { getMetadataStorage } from "type-graphql";
import type { RequestContext } from "../shared/request-context.js";

type Class = abstract new (...args: never[]) => unknown;

/** What type-graphql records of a parameter of a field resolver method. */
interface ParamMetadata {
  kind: string;
  index: number;
  propertyName?: string;
  getType?: () => unknown;
}

/** What type-graphql records of a `@FieldResolver` method (after `buildSchema`). */
interface FieldResolverMetadata {
  kind: "internal" | "external";
  target: Class;
  methodName: string;
  schemaName: string;
  getObjectType?: () => unknown;
  params?: ParamMetadata[];
  roles?: unknown[];
  middlewares?: unknown[];
}

/**
 * The property that tells graphql-jit a resolver never reads its resolve info, so it calls it with
 * `undefined` instead of building the info and its response path for every call (the patch of
 * ADR 0014).
 */
export const RESOLVE_INFO_UNREAD = Symbol.for("graphql-jit.resolveInfoUnread");

/** The resolvers `leanFieldResolvers` made, so a test can tell them from type-graphql's. */
const lean = new WeakSet<GraphQLFieldResolver<unknown, RequestContext>>();

/** True when `resolve` is a lean resolver (see `leanFieldResolvers`). */
export function isLeanResolver(resolve: unknown): boolean {
  return typeof resolve === "function" && lean.has(resolve as GraphQLFieldResolver<unknown, RequestContext>);
}

/**
 * Replaces type-graphql's wrapper of a `@FieldResolver` that has no middleware and no
 * `@Authorized` roles and takes only `@Root()`, `@Ctx()` and `@Info()` with a direct call of
 * the method. For every call type-graphql builds a resolver-data object, sorts the method's
 * parameters (a copy of the array, in V8) and maps them to a new array, and runs its
 * middleware chain even when it is empty: for a page of 50 keys with `status`, `holder` and
 * `worksOn` that was 150 sorts and ~1,000 short-lived objects, the largest single source of the
 * keys page's garbage (`pnpm bench keys-page`, docs/performance.md). The call is the same:
 * same resolver instance (`instanceOf`, the schema's container), same arguments in the same
 * order, same result or exception. A root that is not an instance of the `@Root()`
 * parameter's class (type-graphql would copy it into a new instance) still goes through
 * type-graphql's wrapper. Resolvers with arguments, middleware or roles are left as they are.
 */
export function leanFieldResolvers(
  schema: GraphQLSchema,
  resolverClasses: readonly Class[],
  instanceOf: (type: Class, context: RequestContext) => object,
): void {
  const metadata = getMetadataStorage() as unknown as {
    objectTypes: { name: string; target: Class }[];
    fieldResolvers: FieldResolverMetadata[];
  };
  const built = new Set<Class>(resolverClasses);
  for (const objectType of metadata.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    const candidates = metadata.fieldResolvers.filter(
      (r) => r.kind === "external" && built.has(r.target) && r.getObjectType?.() === objectType.target,
    );
    for (const resolver of candidates) {
      const field = fields[resolver.schemaName];
      // Two resolvers for one field would be type-graphql's choice to make: leave it.
      if (!field?.resolve || candidates.filter((r) => r.schemaName === resolver.schemaName).length !== 1) continue;
      const direct = directCall(resolver, field.resolve, instanceOf);
      if (direct) field.resolve = direct;
    }
  }
}

function directCall(
  resolver: FieldResolverMetadata,
  original: GraphQLFieldResolver<unknown, RequestContext>,
  instanceOf: (type: Class, context: RequestContext) => object,
): GraphQLFieldResolver<unknown, RequestContext> | null {
  // Only what `buildSchema` has filled in is trusted: a definition it left without its list of
  // middlewares or parameters (another version's storage) keeps type-graphql's wrapper, so that an
  // unread role or middleware can never be skipped.
  if (!Array.isArray(resolver.middlewares) || !Array.isArray(resolver.params)) return null;
  if (resolver.middlewares.length || resolver.roles) return null;
  const params = [...(resolver.params ?? [])].sort((a, b) => a.index - b.index);
  if (!params.every((p) => !p.propertyName && (p.kind === "root" || p.kind === "context" || p.kind === "info"))) {
    return null;
  }
  const rootParam = params.find((p) => p.kind === "root");
  const rootType = rootParam?.getType?.();
  // A root typed as a class is checked to be one; any other declared type goes through type-graphql.
  if (rootParam?.getType && typeof rootType !== "function") return null;
  const { target, methodName } = resolver;
  const kinds = params.map((p) => p.kind).join(",");
  const resolve: GraphQLFieldResolver<unknown, RequestContext> = (root, args, context, info) => {
    if (rootType && !(root instanceof (rootType as Class))) return original(root, args, context, info);
    const instance = instanceOf(target, context) as Record<string, (...values: unknown[]) => unknown>;
    const method = instance[methodName] as (...values: unknown[]) => unknown;
    // The usual shapes without an array per call; any other order of the three in one loop.
    switch (kinds) {
      case "root,context":
        return method.call(instance, root, context);
      case "context,root":
        return method.call(instance, context, root);
      case "root":
        return method.call(instance, root);
      default:
        return method.apply(
          instance,
          params.map((p) => (p.kind === "root" ? root : p.kind === "context" ? context : info)),
        );
    }
  };
  lean.add(resolve);
  // Neither this call nor type-graphql's wrapper (no middleware, no roles, no `@Info()`) reads it.
  if (!kinds.split(",").includes("info")) Object.defineProperty(resolve, RESOLVE_INFO_UNREAD, { value: true });
  return resolve;
}
