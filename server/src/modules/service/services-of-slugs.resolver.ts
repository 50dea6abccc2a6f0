import { type ClassType, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../shared/request-context.js";
import { Service } from "./service.entity.js";
import { servicesBySlugs } from "./service.loaders.js";

/** The fields of `T` that hold service slugs, each with the description of the field answering it. */
export type SlugListFields<T> = { [K in keyof T as T[K] extends readonly string[] ? K : never]?: string };

/**
 * A resolver that answers fields of `type` holding service slugs (as moves, offboardings and
 * their stored replays keep them) as lists of services, under the same names; all the slugs of a
 * response are read with one statement (`servicesBySlugs`).
 */
export function ServicesOfSlugsResolver<T extends object>(type: ClassType<T>, fields: SlugListFields<T>) {
  class ServicesOfSlugs {}
  for (const [field, description] of Object.entries(fields) as [string, string][]) {
    const descriptor: PropertyDescriptor = {
      value: (root: T, ctx: RequestContext) => servicesBySlugs(ctx, root[field as keyof T] as readonly string[]),
      writable: true,
      configurable: true,
    };
    Object.defineProperty(ServicesOfSlugs.prototype, field, descriptor);
    FieldResolver(() => [Service], { description })(ServicesOfSlugs.prototype, field, descriptor);
    Root()(ServicesOfSlugs.prototype, field, 0);
    Ctx()(ServicesOfSlugs.prototype, field, 1);
  }
  Resolver(() => type)(ServicesOfSlugs);
  return ServicesOfSlugs;
}
