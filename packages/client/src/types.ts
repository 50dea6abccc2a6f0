import type { ImportInventoryMutation } from "./documents/import.graphql.js";
import type {
  CreateApiKeyMutation,
  HolderKeysQuery,
  HolderQuery,
  RevokeApiKeyMutation,
  RotateApiKeyMutation,
  VerifyApiKeyQuery,
} from "./documents/keys.graphql.js";
import type { OffboardingPlanQuery, OffboardUserMutation } from "./documents/offboarding.graphql.js";
import type { ReassignApiKeyMutation, ReassignApiKeysMutation } from "./documents/reassignment.graphql.js";
import type { ResultOf, VariablesOf } from "./graphql.js";

// Every type here is derived from a document, and so from the schema: none is written by hand.

/** A user or group email, as `holder()` returns it (`__typename` tells which). */
export type Holder = NonNullable<ResultOf<typeof HolderQuery>["holderByEmail"]>;
/** A holder with one page of their keys. */
export type HolderWithKeys = NonNullable<ResultOf<typeof HolderKeysQuery>["holderByEmail"]>;
/** One page of keys: `nodes`, `pageInfo { hasNextPage endCursor }` and `totalCount`. */
export type HolderKeysPage = HolderWithKeys["keys"];
/** A key as listed for its holder, with the services it works on. */
export type HolderKey = HolderKeysPage["nodes"][number];
/** Conditions on the keys listed (`environment`, `status`, `search`…). */
export type ApiKeyFilter = NonNullable<VariablesOf<typeof HolderKeysQuery>["filter"]>;

export type CreateApiKeyInput = VariablesOf<typeof CreateApiKeyMutation>["input"];
type CreatePayload = ResultOf<typeof CreateApiKeyMutation>["createApiKey"];
/** A new key and its secret (shown this once), with any warnings. */
export type CreatedApiKey = {
  apiKey: NonNullable<CreatePayload["apiKey"]>;
  secret: string;
  warnings: CreatePayload["warnings"];
  replayed: false;
};
/**
 * The key an earlier `createKey` under the same idempotency key created: nothing was issued
 * again, and the secret is not shown again (rotate the key if that first answer was lost).
 */
export type ReplayedApiKey = {
  apiKey: NonNullable<CreatePayload["apiKey"]>;
  secret: null;
  warnings: CreatePayload["warnings"];
  replayed: true;
};

export type RotateApiKeyInput = VariablesOf<typeof RotateApiKeyMutation>["input"];
type RotatePayload = ResultOf<typeof RotateApiKeyMutation>["rotateApiKey"];
/** A rotated key and its new secret (shown this once). */
export type RotatedApiKey = {
  apiKey: NonNullable<RotatePayload["apiKey"]>;
  secret: string;
  warnings: RotatePayload["warnings"];
};

export type RevokeApiKeyInput = VariablesOf<typeof RevokeApiKeyMutation>["input"];
export type RevokedApiKey = NonNullable<ResultOf<typeof RevokeApiKeyMutation>["revokeApiKey"]["apiKey"]>;

export type ReassignApiKeyInput = VariablesOf<typeof ReassignApiKeyMutation>["input"];
export type ReassignApiKeysInput = VariablesOf<typeof ReassignApiKeysMutation>["input"];
/** Where each moved key worked before and after, and the Billing roles added to keep it working. */
export type Reassignment = NonNullable<ResultOf<typeof ReassignApiKeyMutation>["reassignApiKey"]["reassignment"]>;

export type OffboardingPlan = ResultOf<typeof OffboardingPlanQuery>["offboardingPlan"];
export type OffboardUserInput = VariablesOf<typeof OffboardUserMutation>["input"];
/** What an offboarding did, or (with `dryRun`) would do; `replayed` when an idempotency key answered. */
export type OffboardingResult = NonNullable<ResultOf<typeof OffboardUserMutation>["offboardUser"]["offboarding"]>;

/** The question `POST /v1/keys/verify` answers: does this secret work on this service? */
export type VerifyInput = VariablesOf<typeof VerifyApiKeyQuery>;
/** The answer: `valid`, the `reason`, and which key and holder the secret belongs to. */
export type VerifyResult = ResultOf<typeof VerifyApiKeyQuery>["verifyApiKey"];

export type ImportInventoryInput = VariablesOf<typeof ImportInventoryMutation>["input"];
/** An import's per-row results and counts, and whether it was applied. */
export type ImportResult = NonNullable<ResultOf<typeof ImportInventoryMutation>["importInventory"]["result"]>;
/** What importing one row does, or why it cannot. */
export type ImportRowResult = ImportResult["rows"][number];
