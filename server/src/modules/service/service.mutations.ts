import { EntityMutations } from "../../graphql/mutation.js";
import { PayloadType } from "../../graphql/payload.js";
import { Role } from "../../shared/role.js";
import { Service } from "./service.entity.js";
import { ArchiveServiceInput, CreateServiceInput, RestoreServiceInput, UpdateServiceInput } from "./service.inputs.js";
import { createService, setServiceArchived, updateService } from "./service.write.js";

/** `<Mutation>Payload { service errors }` for each mutation of a service. */
const servicePayload = (mutation: string, outcome: string) =>
  PayloadType(mutation, "service", Service, { payload: outcome, field: "The service, as it is now." });

export const ServiceMutations = EntityMutations(Role.OPERATOR, servicePayload, {
  createService: {
    outcome: "The service added.",
    description: "Adds a service that keys can be made to work on.",
    input: { type: CreateServiceInput, description: "The service's slug, name and description." },
    run: createService,
  },
  updateService: {
    outcome: "The service with its changes.",
    description: "Renames a service, or changes its slug or description.",
    input: { type: UpdateServiceInput, description: "The service, its version and the fields to change." },
    run: updateService,
  },
  archiveService: {
    outcome: "The service archived: no key works on it now.",
    description: "Archives a service: no key works on it any more.",
    input: { type: ArchiveServiceInput, description: "The service to archive." },
    run: (ctx, input) => setServiceArchived(ctx, input, true),
  },
  restoreService: {
    outcome: "The service restored: keys work on it again.",
    description: "Brings an archived service back.",
    input: { type: RestoreServiceInput, description: "The archived service to restore." },
    run: (ctx, input) => setServiceArchived(ctx, input, false),
  },
});
