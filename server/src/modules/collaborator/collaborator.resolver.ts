import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { loadRelation } from "../../shared/relations.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Holder } from "../holder/holder.entity.js";
import { Service } from "../service/service.entity.js";
import { Collaborator } from "./collaborator.entity.js";

@Resolver(() => Collaborator)
export class CollaboratorResolver {
  @FieldResolver(() => Holder)
  holder(@Root() collaborator: Collaborator, @Ctx() ctx: RequestContext) {
    return loadRelation(collaborator.holder, ctx.loaders.holderById);
  }

  @FieldResolver(() => Service)
  service(@Root() collaborator: Collaborator, @Ctx() ctx: RequestContext) {
    return loadRelation(collaborator.service, ctx.loaders.serviceById);
  }
}
