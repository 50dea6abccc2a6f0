import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { ChildPageResolver } from "../../graphql/child-page-resolver.js";
import { ConnectionType } from "../../graphql/connection.js";
import { isLoaded } from "../../shared/read-model.js";
import { loadRelation } from "../../shared/relations.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Holder } from "../holder/holder.entity.js";
import { holderById } from "../holder/holder.loaders.js";
import { Service } from "../service/service.entity.js";
import { serviceById } from "../service/service.loaders.js";
import { Collaborator } from "./collaborator.entity.js";
import { collaborationPageByHolderId, collaboratorPageByServiceId } from "./collaborator.loaders.js";

/** A page of collaborator roles: a holder's `collaborations`, a service's `collaborators`. */
export const CollaboratorConnection = ConnectionType("Collaborator", Collaborator);

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
export const HolderCollaborationsResolver = ChildPageResolver(Holder, "collaborations", CollaboratorConnection, {
  description: "Every role this holder has on a service, by service slug then role.",
  pages: collaborationPageByHolderId,
});

/** Every role on a service: the collaborator module's field on Service. */
export const ServiceCollaboratorsResolver = ChildPageResolver(Service, "collaborators", CollaboratorConnection, {
  description: "Every collaborator role on this service, by role then holder email.",
  pages: collaboratorPageByServiceId,
});
