import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../shared/request-context.js";
import { Service } from "../service/service.entity.js";
import { serviceBySlugOrNull, servicesBySlugs } from "../service/service.loaders.js";
import {
  BillingAddedType,
  OffboardedKeyType,
  PlannedCollaborationType,
  PlannedKeyType,
  RemovedCollaborationType,
} from "./offboarding.types.js";

// Plans and results name services by slug (an offboarding's stored replay keeps them so); these
// fields answer them as services, all a response's slugs read with one statement.

@Resolver(() => PlannedKeyType)
export class PlannedKeyServicesResolver {
  @FieldResolver(() => [Service], { description: "The services the key works on today." })
  worksOn(@Root() key: PlannedKeyType, @Ctx() ctx: RequestContext) {
    return servicesBySlugs(ctx, key.worksOn);
  }
}

@Resolver(() => PlannedCollaborationType)
export class PlannedCollaborationServicesResolver {
  @FieldResolver(() => Service, { description: "The service the leaver has the role on." })
  async service(@Root() collaboration: PlannedCollaborationType, @Ctx() ctx: RequestContext) {
    const service = await serviceBySlugOrNull(ctx, collaboration.service);
    // A plan is read live from the roles it lists: their services exist.
    if (!service) throw new Error(`planned role on unknown service ${collaboration.service}`);
    return service;
  }
}

@Resolver(() => OffboardedKeyType)
export class OffboardedKeyServicesResolver {
  @FieldResolver(() => [Service], { description: "The services the key worked on before." })
  servicesBefore(@Root() key: OffboardedKeyType, @Ctx() ctx: RequestContext) {
    return servicesBySlugs(ctx, key.servicesBefore);
  }

  @FieldResolver(() => [Service], { description: "Equal to servicesBefore for every reassigned key." })
  servicesAfter(@Root() key: OffboardedKeyType, @Ctx() ctx: RequestContext) {
    return servicesBySlugs(ctx, key.servicesAfter);
  }
}

@Resolver(() => BillingAddedType)
export class BillingAddedServicesResolver {
  @FieldResolver(() => [Service], { description: "The services where they became Billing." })
  services(@Root() added: BillingAddedType, @Ctx() ctx: RequestContext) {
    return servicesBySlugs(ctx, added.services);
  }
}

@Resolver(() => RemovedCollaborationType)
export class RemovedCollaborationServicesResolver {
  @FieldResolver(() => Service, {
    nullable: true,
    description:
      "The service the role was on; null only when a replayed result names a service whose slug has changed since.",
  })
  service(@Root() removed: RemovedCollaborationType, @Ctx() ctx: RequestContext) {
    return serviceBySlugOrNull(ctx, removed.service);
  }
}
