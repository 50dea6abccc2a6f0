import { Field, ObjectType } from "type-graphql";
import { EntityMutations } from "../../graphql/mutation.js";
import { ERRORS, PayloadType, UserError } from "../../graphql/payload.js";
import type { DomainError } from "../../shared/errors.js";
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

/** `<Mutation>Payload { collaborator errors }`, described per mutation: what was given or taken away. */
const collaboratorPayload = (mutation: string, outcome: { payload: string; field: string }) =>
  PayloadType(mutation, "collaborator", Collaborator, outcome);

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

  /** A KEYS_WOULD_STOP or ACCESS_WOULD_WIDEN refusal lists the keys too. */
  static refused(error: DomainError) {
    return {
      collaborator: null,
      keysThatStop: error instanceof KeysWouldStopError ? error.keys : [],
      keysThatGain: error instanceof KeysWouldGainError ? error.keys : [],
    };
  }
}

export const CollaboratorMutations = EntityMutations(Role.OPERATOR, collaboratorPayload, {
  addCollaborator: {
    outcome: { payload: "The role given.", field: "The collaborator added." },
    description: "Gives a holder a role on a service.",
    input: { type: AddCollaboratorInput, description: "The service, the holder and the role." },
    run: addCollaborator,
  },
  removeCollaborator: {
    outcome: { payload: "The role taken away.", field: "The collaborator as it was before its removal." },
    description: "Takes a role away; removing BILLING stops the holder's keys working on the service.",
    input: { type: RemoveCollaboratorInput, description: "The collaborator to remove." },
    run: removeCollaborator,
  },
  changeCollaboratorRole: {
    outcome: ChangeCollaboratorRolePayload,
    description:
      "Changes a collaborator's role in one step (one audit event). Leaving BILLING while keys work there needs allowKeysToStop; becoming BILLING while the holder has active keys needs allowWiderAccess.",
    input: { type: ChangeCollaboratorRoleInput, description: "The collaborator and its new role." },
    run: changeCollaboratorRole,
  },
});
