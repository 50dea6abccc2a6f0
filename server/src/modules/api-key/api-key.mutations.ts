import { Field, ObjectType } from "type-graphql";
import { PayloadMutations } from "../../graphql/mutation.js";
import { ERRORS, PayloadType, UserError } from "../../graphql/payload.js";
import { Role } from "../../shared/role.js";
import { ApiKey } from "./api-key.entity.js";
import { CreateApiKeyInput, RevokeApiKeyInput, RotateApiKeyInput, UpdateApiKeyInput } from "./api-key.inputs.js";
import { ApiKeyWarning } from "./api-key.warning.js";
import { createApiKey, revokeApiKey, rotateApiKey, updateApiKey } from "./api-key.write.js";

/** `<Mutation>Payload { apiKey errors }` for each mutation that changes one key. */
export const apiKeyPayload = (mutation: string, outcome: string) =>
  PayloadType(mutation, "apiKey", ApiKey, { payload: outcome, field: "The key, as it is now." });

/** The fields of a payload that hands out a key's secret; each such mutation names its own. */
// Registered so subclasses inherit its fields; never a field's type, so not in the schema.
@ObjectType()
class ApiKeySecretPayload {
  @Field(() => ApiKey, { nullable: true, description: "The key issued or rotated. Null when `errors` is not empty." })
  apiKey?: ApiKey | null;

  @Field(() => String, { nullable: true, description: "The secret. You will not see it again: store it now." })
  secret?: string | null;

  @Field(() => [ApiKeyWarning], {
    description:
      "Things worth knowing about the key (e.g. a production key held by a person); the key was issued anyway.",
  })
  warnings!: ApiKeyWarning[];

  @Field({
    description:
      "An earlier createApiKey with the same idempotency key created this key: nothing was issued now, and `secret` is null (it was shown once; rotate the key if that answer was lost).",
  })
  replayed!: boolean;

  @Field(() => [UserError], { description: ERRORS })
  errors!: UserError[];
}

@ObjectType("CreateApiKeyPayload", { description: "The key issued, with its secret shown this once." })
class CreateApiKeyPayload extends ApiKeySecretPayload {}

@ObjectType("RotateApiKeyPayload", { description: "The key with its new secret, shown this once." })
class RotateApiKeyPayload extends ApiKeySecretPayload {}

type Issued = { key: ApiKey; secret: string | null; warnings?: ApiKeyWarning[]; replayed?: boolean };

/** How a key's secret fills `CreateApiKeyPayload`/`RotateApiKeyPayload`; a refusal leaves the lists empty. */
const secretFill = {
  fill: (done: Issued) => ({
    apiKey: done.key,
    secret: done.secret,
    warnings: done.warnings ?? [],
    replayed: done.replayed ?? false,
  }),
  refused: () => ({ apiKey: null, secret: null, warnings: [], replayed: false }),
};

export const ApiKeyMutations = PayloadMutations(Role.OPERATOR, {
  createApiKey: {
    payload: Object.assign(CreateApiKeyPayload, secretFill),
    description: "Issues a key to a holder; the secret is in the result, once.",
    input: { type: CreateApiKeyInput, description: "The key's name, environment, holder and expiry." },
    run: createApiKey,
  },
  rotateApiKey: {
    payload: Object.assign(RotateApiKeyPayload, secretFill),
    description: "A new secret for the same key; the old one works for `overlapHours` more, then stops.",
    input: { type: RotateApiKeyInput, description: "The key and how long its old secret keeps working." },
    run: rotateApiKey,
  },
  revokeApiKey: {
    payload: apiKeyPayload("RevokeApiKey", "The key revoked."),
    description: "Revokes a key for good, with a reason. Idempotent.",
    input: { type: RevokeApiKeyInput, description: "The key and the reason." },
    run: revokeApiKey,
  },
  updateApiKey: {
    payload: apiKeyPayload("UpdateApiKey", "The key with its changes."),
    description: "Renames a key or changes its expiry.",
    input: { type: UpdateApiKeyInput, description: "The key, its version and the fields to change." },
    run: updateApiKey,
  },
});
