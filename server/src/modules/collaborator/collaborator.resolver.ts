import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { ConnectionType } from "../../graphql/connection.js";
import { PageArgs } from "../../graphql/page.args.js";
import { pageArgs } from "../../shared/pagination.js";
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
@Resolver(() => Holder)
export class HolderCollaborationsResolver {
  @FieldResolver(() => CollaboratorConnection, {
    description: "Every role this holder has on a service, by service slug then role.",
  })
  async collaborations(@Root() holder: Holder, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: RequestContext) {
    return new CollaboratorConnection(
      await collaborationPageByHolderId(ctx).load({ parentId: holder.id, page: pageArgs(page) }),
    );
  }
}

/** Every role on a service: the collaborator module's field on Service. */
@Resolver(() => Service)
export class ServiceCollaboratorsResolver {
  @FieldResolver(() => CollaboratorConnection, {
    description: "Every collaborator role on this service, by role then holder email.",
  })
  async collaborators(@Root() service: Service, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: RequestContext) {
    return new CollaboratorConnection(
      await collaboratorPageByServiceId(ctx).load({ parentId: service.id, page: pageArgs(page) }),
    );
  }
}
