import { type ClassType, Resolver } from "type-graphql";
import type { Page } from "../shared/pagination.js";
import type { RequestContext } from "../shared/request-context.js";
import type { PageArgs } from "./page.args.js";
import { ByIdQuery, PageQuery } from "./queries.js";

/** The two queries of an `EntityQueries` resolver, as data: each its name, what it says, and its service call. */
export interface EntityQueryCalls<T, F> {
  /** `<list.name>(filter, first, after)`: a page of the entities, as `@PageQuery` declares it. */
  list: { name: string; description: string; run(ctx: RequestContext, filter: F, page: PageArgs): Promise<Page<T>> };
  /** `<byId.name>(id)`: one entity, or null, as `@ByIdQuery` declares it. */
  byId: { name: string; description: string; run(ctx: RequestContext, id: string): Promise<T | null> };
}

type QueryDecorator = (prototype: object, name: string, descriptor: PropertyDescriptor) => unknown;

/** The words of a camelCase query name, for its arguments' descriptions: `groupEmails` is "group emails". */
const words = (name: string) => name.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);

/**
 * A resolver base class with the queries every listed entity has: a page of them, filtered, and
 * one by id. The arguments' descriptions follow from the query names ("Conditions the group
 * emails must meet; omit for all.", "The group email's id."). Extend it in the entity's
 * `@Resolver` class, which adds the entity's own fields and queries (type-graphql's resolver
 * inheritance: a function that returns the class).
 */
export function EntityQueries<T extends object, F extends object>(
  type: ClassType<T> | object,
  connection: new (page: Page<T>) => object,
  filter: ClassType<F>,
  { list, byId }: EntityQueryCalls<T, F>,
): ClassType {
  @Resolver()
  class Queries {}
  const define = (name: string, value: (...args: never[]) => unknown, declare: QueryDecorator) => {
    const descriptor: PropertyDescriptor = { value, writable: true, configurable: true };
    declare(Queries.prototype, name, descriptor);
    Object.defineProperty(Queries.prototype, name, descriptor);
  };
  define(
    list.name,
    (where: F, page: PageArgs, ctx: RequestContext) => list.run(ctx, where, page),
    PageQuery(connection, filter, {
      query: list.description,
      filter: `Conditions the ${words(list.name)} must meet; omit for all.`,
    }),
  );
  define(
    byId.name,
    (id: string, ctx: RequestContext) => byId.run(ctx, id),
    ByIdQuery(type, { query: byId.description, id: `The ${words(byId.name)}'s id.` }),
  );
  return Queries;
}
