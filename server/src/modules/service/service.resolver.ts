import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { ConnectionType } from "../../graphql/connection.js";
import { PageArgs } from "../../graphql/page.args.js";
import { counted } from "../../shared/answer-budget.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { ApiKeyFilter } from "../api-key/api-key.filter.js";
import { ApiKeyConnection } from "../api-key/api-key.resolver.js";
import { Collaborator } from "../collaborator/collaborator.entity.js";
import { Service } from "./service.entity.js";
import { ServiceFilter } from "./service.filter.js";
import {
  collaboratorsOfService,
  findService,
  findServiceBySlug,
  keysWorkingOn,
  listServices,
} from "./service.service.js";

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

  @FieldResolver(() => [Collaborator], { description: "Every collaborator role on this service." })
  collaborators(@Root() service: Service, @Ctx() ctx: RequestContext) {
    return counted(ctx, collaboratorsOfService(ctx, service));
  }

  @FieldResolver(() => ApiKeyConnection, {
    description: "Keys that work on this service now: active, held by a BILLING collaborator here.",
  })
  async workingKeys(
    @Root() service: Service,
    @Arg("filter", () => ApiKeyFilter, { nullable: true }) filter: ApiKeyFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ) {
    return new ApiKeyConnection(await keysWorkingOn(ctx, service, filter ?? {}, page));
  }
}
