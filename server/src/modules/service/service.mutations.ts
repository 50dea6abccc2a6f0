import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { PayloadType, payload } from "../../graphql/payload.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { Service } from "./service.entity.js";
import { ArchiveServiceInput, CreateServiceInput, UpdateServiceInput } from "./service.inputs.js";
import { createService, setServiceArchived, updateService } from "./service.write.js";

export const ServicePayload = PayloadType("Service", "service", Service);

@Resolver()
export class ServiceMutations {
  @Authorized(Role.OPERATOR)
  @Mutation(() => ServicePayload)
  createService(@Arg("input", () => CreateServiceInput) input: CreateServiceInput, @Ctx() ctx: RequestContext) {
    return payload("service", () => createService(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ServicePayload)
  updateService(@Arg("input", () => UpdateServiceInput) input: UpdateServiceInput, @Ctx() ctx: RequestContext) {
    return payload("service", () => updateService(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ServicePayload, { description: "Archives a service: no key works on it any more." })
  archiveService(@Arg("input", () => ArchiveServiceInput) input: ArchiveServiceInput, @Ctx() ctx: RequestContext) {
    return payload("service", () => setServiceArchived(ctx, input, true));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ServicePayload, { description: "Brings an archived service back." })
  restoreService(@Arg("input", () => ArchiveServiceInput) input: ArchiveServiceInput, @Ctx() ctx: RequestContext) {
    return payload("service", () => setServiceArchived(ctx, input, false));
  }
}
