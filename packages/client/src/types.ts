import type { AccessTokensQuery, RevokeAccessTokenMutation } from "./documents/access-tokens.graphql.js";
import type { ApiKeysQuery } from "./documents/api-keys.graphql.js";
import type { AuditEventsQuery } from "./documents/audit.graphql.js";
import type {
  AddCollaboratorMutation,
  AddGroupMemberMutation,
  ChangeCollaboratorRoleMutation,
  GroupEmailsQuery,
  RemoveCollaboratorMutation,
  ServiceCollaboratorsQuery,
  ServiceQuery,
  ServicesQuery,
  UsersQuery,
} from "./documents/directory.graphql.js";
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

/** A key as the keys list shows it: its holder and the services it works on. */
export type ApiKeyListItem = ResultOf<typeof ApiKeysQuery>["apiKeys"]["nodes"][number];
/** The keys list's order: a `field` (`CREATED_AT`, `EXPIRES_AT`, `HOLDER`, `LAST_USED_AT`, `NAME`) and a `direction`. */
export type ApiKeyOrder = NonNullable<VariablesOf<typeof ApiKeysQuery>["orderBy"]>;

/** A member of staff, as the users list shows them. */
export type UserListItem = ResultOf<typeof UsersQuery>["users"]["nodes"][number];
/** Conditions on the users listed: `search`, `status`, `memberOfGroupId`. */
export type UserFilter = NonNullable<VariablesOf<typeof UsersQuery>["filter"]>;
/** A group email (shared mailbox), with how many active members it has. */
export type GroupEmailListItem = ResultOf<typeof GroupEmailsQuery>["groupEmails"]["nodes"][number];
/** Conditions on the group emails listed: `search`, and a collaborator `role` (on `serviceId`). */
export type GroupEmailFilter = NonNullable<VariablesOf<typeof GroupEmailsQuery>["filter"]>;
export type GroupMembershipInput = VariablesOf<typeof AddGroupMemberMutation>["input"];
/** A group email after a member was added or removed. */
export type GroupEmailMembership = NonNullable<ResultOf<typeof AddGroupMemberMutation>["addGroupMember"]["groupEmail"]>;

/** A service, as the services list shows it. */
export type ServiceListItem = ResultOf<typeof ServicesQuery>["services"]["nodes"][number];
/** Conditions on the services listed: `search`, `archived`, a collaborator `role` (of `holderId`). */
export type ServiceFilter = NonNullable<VariablesOf<typeof ServicesQuery>["filter"]>;
/** A service by slug. */
export type Service = NonNullable<ResultOf<typeof ServiceQuery>["serviceBySlug"]>;
/** A holder's role on a service. */
export type ServiceCollaborator = NonNullable<
  ResultOf<typeof ServiceCollaboratorsQuery>["serviceBySlug"]
>["collaborators"]["nodes"][number];
export type AddCollaboratorInput = VariablesOf<typeof AddCollaboratorMutation>["input"];
/** A role just given: who, which role, on which service. */
export type AddedCollaborator = NonNullable<
  ResultOf<typeof AddCollaboratorMutation>["addCollaborator"]["collaborator"]
>;
export type RemoveCollaboratorInput = VariablesOf<typeof RemoveCollaboratorMutation>["input"];
export type ChangeCollaboratorRoleInput = VariablesOf<typeof ChangeCollaboratorRoleMutation>["input"];
type ChangeRolePayload = ResultOf<typeof ChangeCollaboratorRoleMutation>["changeCollaboratorRole"];
/** The changed role, and the holder's keys that started or stopped working on the service. */
export type ChangedCollaboratorRole = {
  collaborator: NonNullable<ChangeRolePayload["collaborator"]>;
  keysThatGain: ChangeRolePayload["keysThatGain"];
  keysThatStop: ChangeRolePayload["keysThatStop"];
};

/** One recorded change: who did what to which subject, when, and why. */
export type AuditEvent = ResultOf<typeof AuditEventsQuery>["auditEvents"]["nodes"][number];
/** Conditions on the audit events listed: `action` (or a prefix ending in `.`), `subject`, `actorId`, `from`, `to`… */
export type AuditEventFilter = NonNullable<VariablesOf<typeof AuditEventsQuery>["filter"]>;

/** A personal access token (never its secret). */
export type AccessToken = ResultOf<typeof AccessTokensQuery>["accessTokens"]["nodes"][number];
/** Whose tokens: yours (the default), a user's (`userId`, ADMIN) or everyone's (`all`, ADMIN). */
export type AccessTokensQueryVariables = VariablesOf<typeof AccessTokensQuery>;
/** An access token just revoked. */
export type RevokedAccessToken = NonNullable<
  ResultOf<typeof RevokeAccessTokenMutation>["revokeAccessToken"]["accessToken"]
>;

/** Offboarding a leaver known by email: `offboardUser`'s input with emails instead of ids. */
export type OffboardByEmailInput = Omit<OffboardUserInput, "userId" | "defaultTargetId"> & {
  /** The leaver's email address (case-insensitive). */
  email: string;
  /** The user or group email that takes the keys without a decision of their own. */
  defaultTargetEmail?: string | null;
};
/** What offboarding a leaver by email saw first (the plan) and then did, or would do with `dryRun`. */
export type OffboardByEmailResult = { plan: OffboardingPlan; offboarding: OffboardingResult };
