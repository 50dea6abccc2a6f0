import { Resolver } from "type-graphql";
import { PayloadMutation } from "../../graphql/mutation.js";
import { PayloadType } from "../../graphql/payload.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { Service } from "./service.entity.js";
import { ArchiveServiceInput, CreateServiceInput, RestoreServiceInput, UpdateServiceInput } from "./service.inputs.js";
import { createService, setServiceArchived, updateService } from "./service.write.js";

/** `<Mutation>Payload { service errors }` for each mutation of a service. */
const servicePayload = (mutation: string, outcome: string) =>
  PayloadType(mutation, "service", Service, { payload: outcome, field: "The service, as it is now." });

@Resolver()
export class ServiceMutations {
  @PayloadMutation({
    role: Role.OPERATOR,
    payload: servicePayload("CreateService", "The service added."),
    description: "Adds a service that keys can be made to work on.",
    input: { type: CreateServiceInput, description: "The service's slug, name and description." },
  })
  createService(input: CreateServiceInput, ctx: RequestContext) {
    return createService(ctx, input);
  }

  @PayloadMutation({
    role: Role.OPERATOR,
    payload: servicePayload("UpdateService", "The service with its changes."),
    description: "Renames a service, or changes its slug or description.",
    input: { type: UpdateServiceInput, description: "The service, its version and the fields to change." },
  })
  updateService(input: UpdateServiceInput, ctx: RequestContext) {
    return updateService(ctx, input);
  }

  @PayloadMutation({
    role: Role.OPERATOR,
    payload: servicePayload("ArchiveService", "The service archived: no key works on it now."),
    description: "Archives a service: no key works on it any more.",
    input: { type: ArchiveServiceInput, description: "The service to archive." },
  })
  archiveService(input: ArchiveServiceInput, ctx: RequestContext) {
    return setServiceArchived(ctx, input, true);
  }

  @PayloadMutation({
    role: Role.OPERATOR,
    payload: servicePayload("RestoreService", "The service restored: keys work on it again."),
    description: "Brings an archived service back.",
    input: { type: RestoreServiceInput, description: "The archived service to restore." },
  })
  restoreService(input: RestoreServiceInput, ctx: RequestContext) {
    return setServiceArchived(ctx, input, false);
  }
}
