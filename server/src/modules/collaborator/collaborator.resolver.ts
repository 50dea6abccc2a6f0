import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { counted } from "../../shared/answer-budget.js";
import { isLoaded } from "../../shared/read-model.js";
import { loadRelation } from "../../shared/relations.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Holder } from "../holder/holder.entity.js";
import { holderById } from "../holder/holder.loaders.js";
import { Service } from "../service/service.entity.js";
import { serviceById } from "../service/service.loaders.js";
import { Collaborator } from "./collaborator.entity.js";
import { collaborationsByHolderId, collaboratorsByServiceId } from "./collaborator.loaders.js";

@Resolver(() => Collaborator)
export class CollaboratorResolver {
  // The lists' read models come with the side they show: returned as is, without a promise per
  // role (a services page has ~2,000 of them).
  @FieldResolver(() => Holder)
  holder(@Root() collaborator: Collaborator, @Ctx() ctx: RequestContext) {
    const holder = collaborator.holder;
    return isLoaded(holder) ? holder : loadRelation(holder, holderById(ctx));
  }

  @FieldResolver(() => Service)
  service(@Root() collaborator: Collaborator, @Ctx() ctx: RequestContext) {
    const service = collaborator.service;
    return isLoaded(service) ? service : loadRelation(service, serviceById(ctx));
  }
}

/** Every role a holder has: the collaborator module's field on Holder. */
@Resolver(() => Holder)
export class HolderCollaborationsResolver {
  @FieldResolver(() => [Collaborator], { description: "Every role this holder has on a service." })
  collaborations(@Root() holder: Holder, @Ctx() ctx: RequestContext) {
    return counted(ctx, collaborationsByHolderId(ctx).load(holder.id));
  }
}

/** Every role on a service: the collaborator module's field on Service. */
@Resolver(() => Service)
export class ServiceCollaboratorsResolver {
  @FieldResolver(() => [Collaborator], { description: "Every collaborator role on this service." })
  collaborators(@Root() service: Service, @Ctx() ctx: RequestContext) {
    return counted(ctx, collaboratorsByServiceId(ctx).load(service.id));
  }
}
