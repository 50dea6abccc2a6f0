import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { PayloadType, payload } from "../../graphql/payload.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { Service } from "./service.entity.js";
import { ArchiveServiceInput, CreateServiceInput, UpdateServiceInput } from "./service.inputs.js";
import { createService, setServiceArchived, updateService } from "./service.write.js";

export const ServicePayload = PayloadType("Service", "service", Service, {
  payload: "A service as it is after the change.",
  field: "The service.",
});

@Resolver()
export class ServiceMutations {
  @Authorized(Role.OPERATOR)
  @Mutation(() => ServicePayload, { description: "Adds a service that keys can be made to work on." })
  createService(
    @Arg("input", () => CreateServiceInput, { description: "The service's slug, name and description." })
    input: CreateServiceInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("service", () => createService(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ServicePayload, { description: "Renames a service, or changes its slug or description." })
  updateService(
    @Arg("input", () => UpdateServiceInput, { description: "The service, its version and the fields to change." })
    input: UpdateServiceInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("service", () => updateService(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ServicePayload, { description: "Archives a service: no key works on it any more." })
  archiveService(
    @Arg("input", () => ArchiveServiceInput, { description: "The service to archive." }) input: ArchiveServiceInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("service", () => setServiceArchived(ctx, input, true));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ServicePayload, { description: "Brings an archived service back." })
  restoreService(
    @Arg("input", () => ArchiveServiceInput, { description: "The archived service to restore." })
    input: ArchiveServiceInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("service", () => setServiceArchived(ctx, input, false));
  }
}
