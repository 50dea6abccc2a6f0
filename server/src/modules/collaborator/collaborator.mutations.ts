import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { PayloadType, payload } from "../../graphql/payload.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../auth/role.js";
import { Collaborator } from "./collaborator.entity.js";
import { AddCollaboratorInput, RemoveCollaboratorInput } from "./collaborator.inputs.js";
import { addCollaborator, removeCollaborator } from "./collaborator.write.js";

export const CollaboratorPayload = PayloadType("Collaborator", "collaborator", Collaborator);

@Resolver()
export class CollaboratorMutations {
  @Authorized(Role.OPERATOR)
  @Mutation(() => CollaboratorPayload, { description: "Gives a holder a role on a service." })
  addCollaborator(@Arg("input", () => AddCollaboratorInput) input: AddCollaboratorInput, @Ctx() ctx: RequestContext) {
    return payload("collaborator", () => addCollaborator(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => CollaboratorPayload, {
    description: "Takes a role away; removing BILLING stops the holder's keys working on the service.",
  })
  removeCollaborator(
    @Arg("input", () => RemoveCollaboratorInput) input: RemoveCollaboratorInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("collaborator", () => removeCollaborator(ctx, input));
  }
}
