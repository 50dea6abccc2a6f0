import { Arg, Args, Authorized, Ctx, ID, Query, Resolver } from "type-graphql";
import { ConnectionType } from "../../graphql/connection.js";
import { PageArgs } from "../../graphql/page.args.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { Service } from "./service.entity.js";
import { ServiceFilter } from "./service.filter.js";
import { findService, findServiceBySlug, listServices } from "./service.service.js";

export const ServiceConnection = ConnectionType("Service", Service);

@Resolver(() => Service)
export class ServiceResolver {
  @Authorized(Role.VIEWER)
  @Query(() => ServiceConnection, { description: "Services, by slug. Archived ones only when asked." })
  async services(
    @Arg("filter", () => ServiceFilter, { nullable: true }) filter: ServiceFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ) {
    return new ServiceConnection(await listServices(ctx, filter ?? {}, page));
  }

  @Authorized(Role.VIEWER)
  @Query(() => Service, { nullable: true })
  service(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return findService(ctx, id);
  }

  @Authorized(Role.VIEWER)
  @Query(() => Service, { nullable: true })
  serviceBySlug(@Arg("slug") slug: string, @Ctx() ctx: RequestContext) {
    return findServiceBySlug(ctx, slug);
  }
}
