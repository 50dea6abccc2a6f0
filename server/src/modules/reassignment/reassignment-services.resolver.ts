import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../shared/request-context.js";
import { Service } from "../service/service.entity.js";
import { servicesBySlugs } from "../service/service.loaders.js";
import { KeyGainType, KeyReassignmentType, ReassignmentType } from "./reassignment.types.js";

// A move's results name services by slug (as its audit events and stored replays do); these
// fields answer them as services, all a response's slugs read with one statement.

@Resolver(() => KeyReassignmentType)
export class KeyReassignmentServicesResolver {
  @FieldResolver(() => [Service], { description: "The services the key works on before the move." })
  servicesBefore(@Root() key: KeyReassignmentType, @Ctx() ctx: RequestContext) {
    return servicesBySlugs(ctx, key.servicesBefore);
  }

  @FieldResolver(() => [Service], { description: "The services the key works on after the move." })
  servicesAfter(@Root() key: KeyReassignmentType, @Ctx() ctx: RequestContext) {
    return servicesBySlugs(ctx, key.servicesAfter);
  }

  @FieldResolver(() => [Service], {
    description:
      "Services the key starts working on with its new holder (empty with keepAccess unless allowed to widen).",
  })
  gained(@Root() key: KeyReassignmentType, @Ctx() ctx: RequestContext) {
    return servicesBySlugs(ctx, key.gained);
  }

  @FieldResolver(() => [Service], { description: "Services that stop working (only without keepAccess)." })
  lost(@Root() key: KeyReassignmentType, @Ctx() ctx: RequestContext) {
    return servicesBySlugs(ctx, key.lost);
  }
}

@Resolver(() => KeyGainType)
export class KeyGainServicesResolver {
  @FieldResolver(() => [Service], { description: "The services it would start working on." })
  gained(@Root() key: KeyGainType, @Ctx() ctx: RequestContext) {
    return servicesBySlugs(ctx, key.gained);
  }
}

@Resolver(() => ReassignmentType)
export class ReassignmentServicesResolver {
  @FieldResolver(() => [Service], { description: "Services on which the new holder became a Billing collaborator." })
  billingAdded(@Root() reassignment: ReassignmentType, @Ctx() ctx: RequestContext) {
    return servicesBySlugs(ctx, reassignment.billingAdded);
  }
}
