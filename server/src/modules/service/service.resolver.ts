import { Arg, Authorized, Ctx, Query, Resolver } from "type-graphql";
import { ConnectionType } from "../../graphql/connection.js";
import type { PageArgs } from "../../graphql/page.args.js";
import { ByIdQuery, PageQuery } from "../../graphql/queries.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { Service } from "./service.entity.js";
import { ServiceFilter } from "./service.filter.js";
import { findService, findServiceBySlug, listServices } from "./service.service.js";

export const ServiceConnection = ConnectionType("Service", Service);

@Resolver(() => Service)
export class ServiceResolver {
  @PageQuery(ServiceConnection, ServiceFilter, {
    query: "Services, by slug. Archived ones only when asked.",
    filter: "Conditions the services must meet; omit for all.",
  })
  services(filter: ServiceFilter, page: PageArgs, ctx: RequestContext) {
    return listServices(ctx, filter, page);
  }

  @ByIdQuery(Service, { query: "One service by id; null when there is none.", id: "The service's id." })
  service(id: string, ctx: RequestContext) {
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
