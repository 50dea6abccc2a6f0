import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { payload } from "../../graphql/payload.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { apiKeyPayload } from "./api-key.mutations.js";
import { revokeApiKeys } from "./bulk-revoke.service.js";
import { endApiKeyOverlap, resumeApiKey, suspendApiKey } from "./key-controls.service.js";
import {
  EndApiKeyOverlapInput,
  ResumeApiKeyInput,
  RevokeApiKeysInput,
  RevokeApiKeysPayload,
  SuspendApiKeyInput,
} from "./key-controls.types.js";

const SuspendApiKeyPayload = apiKeyPayload("SuspendApiKey", "The key suspended.");
const ResumeApiKeyPayload = apiKeyPayload("ResumeApiKey", "The key resumed.");
const EndApiKeyOverlapPayload = apiKeyPayload("EndApiKeyOverlap", "The key with only its current secret working.");

@Resolver()
export class KeyControlsResolver {
  @Authorized(Role.OPERATOR)
  @Mutation(() => SuspendApiKeyPayload, {
    description: "Suspends a key: verification refuses it (SUSPENDED) until it is resumed. Idempotent.",
  })
  suspendApiKey(
    @Arg("input", () => SuspendApiKeyInput, { description: "The key and the reason." }) input: SuspendApiKeyInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("apiKey", () => suspendApiKey(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ResumeApiKeyPayload, { description: "Resumes a suspended key. Idempotent." })
  resumeApiKey(
    @Arg("input", () => ResumeApiKeyInput, { description: "The suspended key." }) input: ResumeApiKeyInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("apiKey", () => resumeApiKey(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => EndApiKeyOverlapPayload, {
    description: "The secret the last rotation replaced stops working now; the key and its current secret stay.",
  })
  endApiKeyOverlap(
    @Arg("input", () => EndApiKeyOverlapInput, { description: "The key whose previous secret should stop now." })
    input: EndApiKeyOverlapInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("apiKey", () => endApiKeyOverlap(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => RevokeApiKeysPayload, {
    description: "Revokes many keys with one reason in one transaction, all or nothing; audited as one subject set.",
  })
  revokeApiKeys(
    @Arg("input", () => RevokeApiKeysInput, { description: "The keys and the one reason." }) input: RevokeApiKeysInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("revocation", () => revokeApiKeys(ctx, input));
  }
}
