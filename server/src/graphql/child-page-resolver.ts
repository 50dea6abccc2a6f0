import { Args, type ClassType, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { ChildPageRequest } from "../shared/child-pages.js";
import type { LoaderScope } from "../shared/loaders.js";
import { type Page, pageArgs } from "../shared/pagination.js";
import type { RequestContext } from "../shared/request-context.js";
import { PageArgs } from "./page.args.js";

/** A child list's per-request page loader, as `defineChildPageLoader` declares it. */
type ChildPages<T> = (scope: LoaderScope) => { load(request: ChildPageRequest): Promise<Page<T>> };

/**
 * A resolver that adds a paged child list to a type another module owns (a holder's
 * `collaborations`, a service's `collaborators`): the field `name` on `parent`, taking the page
 * arguments and answering `connection` with the parent's page from `pages`, so a list of
 * parents costs one statement for all their pages.
 */
export function ChildPageResolver<T>(
  parent: abstract new (...args: never[]) => { id: string },
  name: string,
  connection: new (page: Page<T>) => object,
  field: { description: string; pages: ChildPages<T> },
): ClassType {
  @Resolver(() => parent)
  class ChildPage {}
  const descriptor: PropertyDescriptor = {
    value: async (root: { id: string }, page: PageArgs, ctx: RequestContext) =>
      new connection(await field.pages(ctx).load({ parentId: root.id, page: pageArgs(page) })),
    writable: true,
    configurable: true,
  };
  FieldResolver(() => connection, { description: field.description })(ChildPage.prototype, name, descriptor);
  Root()(ChildPage.prototype, name, 0);
  Args(() => PageArgs)(ChildPage.prototype, name, 1);
  Ctx()(ChildPage.prototype, name, 2);
  Object.defineProperty(ChildPage.prototype, name, descriptor);
  return ChildPage;
}
