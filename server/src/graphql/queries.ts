import { Arg, Args, Authorized, type ClassType, Ctx, ID, Query } from "type-graphql";
import type { Page } from "../shared/pagination.js";
import { Role } from "../shared/role.js";
import { PageArgs } from "./page.args.js";

// biome-ignore lint/suspicious/noExplicitAny: the method's own parameters are checked where it is written.
type QueryMethod<R> = (...args: any[]) => R;

/**
 * Declares the list query every signed-in account may read: a nullable `filter` argument (an
 * omitted one is `{}`), the page arguments, and `connection` built from the page the method
 * returns. The method receives `(filter, page, ctx)`.
 */
export function PageQuery<T>(
  connection: new (page: Page<T>) => object,
  filter: ClassType,
  description: { query: string; filter: string },
) {
  return <M extends QueryMethod<Promise<Page<T>>>>(
    prototype: object,
    name: string,
    descriptor: TypedPropertyDescriptor<M>,
  ) => {
    const method = descriptor.value as M;
    descriptor.value = async function (this: unknown, where: object | null, ...rest: unknown[]) {
      return new connection(await method.call(this, where ?? {}, ...rest));
    } as M;
    Authorized(Role.VIEWER)(prototype, name, descriptor);
    Query(() => connection, { description: description.query })(prototype, name, descriptor);
    Arg("filter", () => filter, { nullable: true, description: description.filter })(prototype, name, 0);
    Args(() => PageArgs)(prototype, name, 1);
    Ctx()(prototype, name, 2);
    return descriptor;
  };
}

/**
 * Declares the query for one record by its `id`, readable by every signed-in account: null when
 * there is none. The method receives `(id, ctx)`.
 */
export function ByIdQuery(type: ClassType | object, description: { query: string; id: string }) {
  return (prototype: object, name: string, descriptor: PropertyDescriptor) => {
    Authorized(Role.VIEWER)(prototype, name, descriptor);
    Query(() => type, { nullable: true, description: description.query })(prototype, name, descriptor);
    Arg("id", () => ID, { description: description.id })(prototype, name, 0);
    Ctx()(prototype, name, 1);
  };
}
