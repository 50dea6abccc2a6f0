import { PayloadMutations } from "../../graphql/mutation.js";
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

export const KeyControlsResolver = PayloadMutations(Role.OPERATOR, {
  suspendApiKey: {
    payload: apiKeyPayload("SuspendApiKey", "The key suspended."),
    description: "Suspends a key: verification refuses it (SUSPENDED) until it is resumed. Idempotent.",
    input: { type: SuspendApiKeyInput, description: "The key and the reason." },
    run: suspendApiKey,
  },
  resumeApiKey: {
    payload: apiKeyPayload("ResumeApiKey", "The key resumed."),
    description: "Resumes a suspended key. Idempotent.",
    input: { type: ResumeApiKeyInput, description: "The suspended key." },
    run: resumeApiKey,
  },
  endApiKeyOverlap: {
    payload: apiKeyPayload("EndApiKeyOverlap", "The key with only its current secret working."),
    description: "The secret the last rotation replaced stops working now; the key and its current secret stay.",
    input: { type: EndApiKeyOverlapInput, description: "The key whose previous secret should stop now." },
    run: endApiKeyOverlap,
  },
  revokeApiKeys: {
    payload: RevokeApiKeysPayload,
    description: "Revokes many keys with one reason in one transaction, all or nothing; audited as one subject set.",
    input: { type: RevokeApiKeysInput, description: "The keys and the one reason." },
    run: revokeApiKeys,
  },
});
