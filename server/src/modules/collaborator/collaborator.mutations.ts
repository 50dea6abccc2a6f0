import { Arg, Authorized, Ctx, Field, Mutation, ObjectType, Resolver } from "type-graphql";
import { ERRORS, PayloadType, payload, UserError } from "../../graphql/payload.js";
import { DomainError, issuesOf } from "../../shared/errors.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { ApiKey } from "../api-key/api-key.entity.js";
import { Collaborator } from "./collaborator.entity.js";
import { AddCollaboratorInput, ChangeCollaboratorRoleInput, RemoveCollaboratorInput } from "./collaborator.inputs.js";
import {
  addCollaborator,
  changeCollaboratorRole,
  KeysWouldGainError,
  KeysWouldStopError,
  removeCollaborator,
} from "./collaborator.write.js";

const AddCollaboratorPayload = PayloadType("AddCollaborator", "collaborator", Collaborator, {
  payload: "The role given.",
  field: "The collaborator added.",
});

const RemoveCollaboratorPayload = PayloadType("RemoveCollaborator", "collaborator", Collaborator, {
  payload: "The role taken away.",
  field: "The collaborator as it was before its removal.",
});

@ObjectType("ChangeCollaboratorRolePayload", {
  description: "The collaborator with its new role, and the keys the change stopped (or would stop).",
})
export class ChangeCollaboratorRolePayload {
  @Field(() => Collaborator, { nullable: true, description: "The collaborator. Null when `errors` is not empty." })
  collaborator!: Collaborator | null;

  @Field(() => [ApiKey], {
    description:
      "The holder's active keys that stopped working on the service (leaving BILLING); when refused with KEYS_WOULD_STOP, the ones that would.",
  })
  keysThatStop!: ApiKey[];

  @Field(() => [ApiKey], {
    description:
      "The holder's active keys that started working on the service (becoming BILLING); when refused with ACCESS_WOULD_WIDEN, the ones that would.",
  })
  keysThatGain!: ApiKey[];

  @Field(() => [UserError], { description: ERRORS })
  errors!: UserError[];
}

@Resolver()
export class CollaboratorMutations {
  @Authorized(Role.OPERATOR)
  @Mutation(() => AddCollaboratorPayload, { description: "Gives a holder a role on a service." })
  addCollaborator(
    @Arg("input", () => AddCollaboratorInput, { description: "The service, the holder and the role." })
    input: AddCollaboratorInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("collaborator", () => addCollaborator(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => RemoveCollaboratorPayload, {
    description: "Takes a role away; removing BILLING stops the holder's keys working on the service.",
  })
  removeCollaborator(
    @Arg("input", () => RemoveCollaboratorInput, { description: "The collaborator to remove." })
    input: RemoveCollaboratorInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("collaborator", () => removeCollaborator(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ChangeCollaboratorRolePayload, {
    description:
      "Changes a collaborator's role in one step (one audit event). Leaving BILLING while keys work there needs allowKeysToStop; becoming BILLING while the holder has active keys needs allowWiderAccess.",
  })
  async changeCollaboratorRole(
    @Arg("input", () => ChangeCollaboratorRoleInput, { description: "The collaborator and its new role." })
    input: ChangeCollaboratorRoleInput,
    @Ctx() ctx: RequestContext,
  ) {
    // The usual payload, but a KEYS_WOULD_STOP or ACCESS_WOULD_WIDEN refusal lists the keys too.
    try {
      return { ...(await changeCollaboratorRole(ctx, input)), errors: [] };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const keysThatStop = error instanceof KeysWouldStopError ? error.keys : [];
      const keysThatGain = error instanceof KeysWouldGainError ? error.keys : [];
      return { collaborator: null, keysThatStop, keysThatGain, errors: issuesOf(error) };
    }
  }
}
