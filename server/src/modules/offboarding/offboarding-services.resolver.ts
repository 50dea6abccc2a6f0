import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../shared/request-context.js";
import { Service } from "../service/service.entity.js";
import { serviceBySlugOrNull, servicesBySlugs } from "../service/service.loaders.js";
import { PlannedCollaborationType, PlannedKeyType } from "./offboarding.types.js";

// A plan names services by slug; these fields answer them as services, all a response's slugs
// read with one statement.

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
