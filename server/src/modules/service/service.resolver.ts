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
    @Arg("filter", () => ServiceFilter, {
      nullable: true,
      description: "Conditions the services must meet; omit for all.",
    })
    filter: ServiceFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ) {
    return new ServiceConnection(await listServices(ctx, filter ?? {}, page));
  }

  @Authorized(Role.VIEWER)
  @Query(() => Service, { nullable: true, description: "One service by id; null when there is none." })
  service(@Arg("id", () => ID, { description: "The service's id." }) id: string, @Ctx() ctx: RequestContext) {
    return findService(ctx, id);
  }

  @Authorized(Role.VIEWER)
  @Query(() => Service, {
    nullable: true,
    description: "One service by slug, e.g. `parking-fines`; null when there is none.",
  })
  serviceBySlug(@Arg("slug", { description: "The slug." }) slug: string, @Ctx() ctx: RequestContext) {
    return findServiceBySlug(ctx, slug);
  }
}
