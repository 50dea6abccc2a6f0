import { Arg, Authorized, Ctx, Field, Mutation, ObjectType, Resolver } from "type-graphql";
import { ERRORS, PayloadType, payload, UserError } from "../../graphql/payload.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { ApiKey } from "./api-key.entity.js";
import { CreateApiKeyInput, RevokeApiKeyInput, RotateApiKeyInput, UpdateApiKeyInput } from "./api-key.inputs.js";
import { ApiKeyWarning } from "./api-key.warning.js";
import { createApiKey, revokeApiKey, rotateApiKey, updateApiKey } from "./api-key.write.js";

/** `<Mutation>Payload { apiKey errors }` for each mutation that changes one key. */
export const apiKeyPayload = (mutation: string, outcome: string) =>
  PayloadType(mutation, "apiKey", ApiKey, { payload: outcome, field: "The key, as it is now." });

const RevokeApiKeyPayload = apiKeyPayload("RevokeApiKey", "The key revoked.");
const UpdateApiKeyPayload = apiKeyPayload("UpdateApiKey", "The key with its changes.");

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

async function withSecret(work: () => Promise<Issued>) {
  const result = await payload("done", work);
  const done = result.done as Issued | null;
  return {
    apiKey: done?.key ?? null,
    secret: done?.secret ?? null,
    warnings: done?.warnings ?? [],
    replayed: done?.replayed ?? false,
    errors: result.errors,
  };
}

@Resolver()
export class ApiKeyMutations {
  @Authorized(Role.OPERATOR)
  @Mutation(() => CreateApiKeyPayload, { description: "Issues a key to a holder; the secret is in the result, once." })
  createApiKey(
    @Arg("input", () => CreateApiKeyInput, { description: "The key's name, environment, holder and expiry." })
    input: CreateApiKeyInput,
    @Ctx() ctx: RequestContext,
  ) {
    return withSecret(() => createApiKey(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => RotateApiKeyPayload, {
    description: "A new secret for the same key; the old one works for `overlapHours` more, then stops.",
  })
  rotateApiKey(
    @Arg("input", () => RotateApiKeyInput, { description: "The key and how long its old secret keeps working." })
    input: RotateApiKeyInput,
    @Ctx() ctx: RequestContext,
  ) {
    return withSecret(() => rotateApiKey(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => RevokeApiKeyPayload, { description: "Revokes a key for good, with a reason. Idempotent." })
  revokeApiKey(
    @Arg("input", () => RevokeApiKeyInput, { description: "The key and the reason." }) input: RevokeApiKeyInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("apiKey", () => revokeApiKey(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => UpdateApiKeyPayload, { description: "Renames a key or changes its expiry." })
  updateApiKey(
    @Arg("input", () => UpdateApiKeyInput, { description: "The key, its version and the fields to change." })
    input: UpdateApiKeyInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("apiKey", () => updateApiKey(ctx, input));
  }
}
