import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../shared/request-context.js";
import { Service } from "../service/service.entity.js";
import { serviceBySlugOrNull } from "../service/service.loaders.js";
import { ServicesOfSlugsResolver } from "../service/services-of-slugs.resolver.js";
import {
  BillingAddedType,
  OffboardedKeyGroupType,
  OffboardedKeyType,
  OffboardingPlanType,
  PlannedCollaborationType,
  PlannedKeyType,
  RemovedCollaborationType,
} from "./offboarding.types.js";

// Plans and results name services by slug (an offboarding's stored replay keeps them so); these
// fields answer them as services.

export const PlannedKeyServicesResolver = ServicesOfSlugsResolver(PlannedKeyType, {
  worksOn: "The services the key works on today.",
});

export const OffboardingPlanServicesResolver = ServicesOfSlugsResolver(OffboardingPlanType, {
  activeKeysWorkOn:
    "The services every active key of the user works on today (their live Billing services), listed once for all of them; inactive keys work nowhere.",
});

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

export const OffboardedKeyServicesResolver = ServicesOfSlugsResolver(OffboardedKeyType, {
  servicesBefore: "The services the key worked on before.",
  servicesAfter: "Equal to servicesBefore for every reassigned key.",
});

export const OffboardedKeyGroupServicesResolver = ServicesOfSlugsResolver(OffboardedKeyGroupType, {
  servicesBefore: "The services each key of the group worked on before.",
  servicesAfter:
    "Where each key of the group works afterwards: equal to servicesBefore for reassigned keys, unless wider access was allowed; none for revoked keys.",
});

export const BillingAddedServicesResolver = ServicesOfSlugsResolver(BillingAddedType, {
  services: "The services where they became Billing.",
});

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
