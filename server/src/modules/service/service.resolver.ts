import { Arg, Authorized, Ctx, Query, Resolver } from "type-graphql";
import { ConnectionType } from "../../graphql/connection.js";
import { EntityQueries } from "../../graphql/entity-queries.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { Service } from "./service.entity.js";
import { ServiceFilter } from "./service.filter.js";
import { findService, findServiceBySlug, listServices } from "./service.service.js";

export const ServiceConnection = ConnectionType("Service", Service);

@Resolver(() => Service)
export class ServiceResolver extends EntityQueries(Service, ServiceConnection, ServiceFilter, {
  list: { name: "services", description: "Services, by slug. Archived ones only when asked.", run: listServices },
  byId: { name: "service", description: "One service by id; null when there is none.", run: findService },
}) {
  @Authorized(Role.VIEWER)
  @Query(() => Service, {
    nullable: true,
    description: "One service by slug, e.g. `parking-fines`; null when there is none.",
  })
  serviceBySlug(@Arg("slug", { description: "The slug." }) slug: string, @Ctx() ctx: RequestContext) {
    return findServiceBySlug(ctx, slug);
  }
}
