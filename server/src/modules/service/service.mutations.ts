import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { PayloadType, payload } from "../../graphql/payload.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { Service } from "./service.entity.js";
import { ArchiveServiceInput, CreateServiceInput, RestoreServiceInput, UpdateServiceInput } from "./service.inputs.js";
import { createService, setServiceArchived, updateService } from "./service.write.js";

/** `<Mutation>Payload { service errors }` for each mutation of a service. */
const servicePayload = (mutation: string, outcome: string) =>
  PayloadType(mutation, "service", Service, { payload: outcome, field: "The service, as it is now." });

const CreateServicePayload = servicePayload("CreateService", "The service added.");
const UpdateServicePayload = servicePayload("UpdateService", "The service with its changes.");
const ArchiveServicePayload = servicePayload("ArchiveService", "The service archived: no key works on it now.");
const RestoreServicePayload = servicePayload("RestoreService", "The service restored: keys work on it again.");

@Resolver()
export class ServiceMutations {
  @Authorized(Role.OPERATOR)
  @Mutation(() => CreateServicePayload, { description: "Adds a service that keys can be made to work on." })
  createService(
    @Arg("input", () => CreateServiceInput, { description: "The service's slug, name and description." })
    input: CreateServiceInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("service", () => createService(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => UpdateServicePayload, { description: "Renames a service, or changes its slug or description." })
  updateService(
    @Arg("input", () => UpdateServiceInput, { description: "The service, its version and the fields to change." })
    input: UpdateServiceInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("service", () => updateService(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ArchiveServicePayload, { description: "Archives a service: no key works on it any more." })
  archiveService(
    @Arg("input", () => ArchiveServiceInput, { description: "The service to archive." }) input: ArchiveServiceInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("service", () => setServiceArchived(ctx, input, true));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => RestoreServicePayload, { description: "Brings an archived service back." })
  restoreService(
    @Arg("input", () => RestoreServiceInput, { description: "The archived service to restore." })
    input: RestoreServiceInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("service", () => setServiceArchived(ctx, input, false));
  }
}
