import type * as documents from "./documents/index.js";
import type { ResultOf, VariablesOf } from "./graphql.js";

// Every type here is derived from a document, and so from the schema: none is written by hand.

/** A user or group email, as `holder()` returns it (`__typename` tells which). */
export type Holder = NonNullable<ResultOf<typeof documents.HolderQuery>["holderByEmail"]>;
/** A holder with one page of their keys. */
export type HolderWithKeys = NonNullable<ResultOf<typeof documents.HolderKeysQuery>["holderByEmail"]>;
/** One page of keys: `nodes`, `pageInfo { hasNextPage endCursor }` and `totalCount`. */
export type HolderKeysPage = HolderWithKeys["keys"];
/** A key as listed for its holder, with the services it works on. */
export type HolderKey = HolderKeysPage["nodes"][number];
/** Conditions on the keys listed (`environment`, `status`, `search`…). */
export type ApiKeyFilter = NonNullable<VariablesOf<typeof documents.HolderKeysQuery>["filter"]>;

/** A key as a payload answers it, with the secret (or none) and any warnings. */
type KeyWithSecret<P extends { apiKey: unknown; warnings: unknown }, S> = {
  apiKey: NonNullable<P["apiKey"]>;
  secret: S;
  warnings: P["warnings"];
};

export type CreateApiKeyInput = VariablesOf<typeof documents.CreateApiKeyMutation>["input"];
type CreatePayload = ResultOf<typeof documents.CreateApiKeyMutation>["createApiKey"];
/** A new key and its secret (shown this once), with any warnings. */
export type CreatedApiKey = KeyWithSecret<CreatePayload, string> & { replayed: false };
/**
 * The key an earlier `createKey` under the same idempotency key created: nothing was issued
 * again, and the secret is not shown again (rotate the key if that first answer was lost).
 */
export type ReplayedApiKey = KeyWithSecret<CreatePayload, null> & { replayed: true };

export type RotateApiKeyInput = VariablesOf<typeof documents.RotateApiKeyMutation>["input"];
/** A rotated key and its new secret (shown this once). */
export type RotatedApiKey = KeyWithSecret<ResultOf<typeof documents.RotateApiKeyMutation>["rotateApiKey"], string>;

export type RevokeApiKeyInput = VariablesOf<typeof documents.RevokeApiKeyMutation>["input"];
export type RevokedApiKey = NonNullable<ResultOf<typeof documents.RevokeApiKeyMutation>["revokeApiKey"]["apiKey"]>;

export type ReassignApiKeyInput = VariablesOf<typeof documents.ReassignApiKeyMutation>["input"];
export type ReassignApiKeysInput = VariablesOf<typeof documents.ReassignApiKeysMutation>["input"];
/** Where each moved key worked before and after, and the Billing roles added to keep it working. */
export type Reassignment = NonNullable<
  ResultOf<typeof documents.ReassignApiKeyMutation>["reassignApiKey"]["reassignment"]
>;

export type OffboardingPlan = ResultOf<typeof documents.OffboardingPlanQuery>["offboardingPlan"];
/** A plan without every key: the keys counted, their services and suggested successors once, the first page of keys. */
export type OffboardingPlanSummary = ResultOf<typeof documents.OffboardingPlanSummaryQuery>["offboardingPlan"];
/** One of the leaver's keys as the plan pages them, with the suggestion for its state. */
export type PlannedKey = OffboardingPlanSummary["plannedKeys"]["nodes"][number];
export type OffboardUserInput = VariablesOf<typeof documents.OffboardUserMutation>["input"];
/** What an offboarding did, or (with `dryRun`) would do; `replayed` when an idempotency key answered. */
export type OffboardingResult = NonNullable<
  ResultOf<typeof documents.OffboardUserMutation>["offboardUser"]["offboarding"]
>;

/** The question `POST /v1/keys/verify` answers: does this secret work on this service? */
export type VerifyInput = VariablesOf<typeof documents.VerifyApiKeyQuery>;
/** The answer: `valid`, the `reason`, and which key and holder the secret belongs to. */
export type VerifyResult = ResultOf<typeof documents.VerifyApiKeyQuery>["verifyApiKey"];

export type ImportInventoryInput = VariablesOf<typeof documents.ImportInventoryMutation>["input"];
/** An import's per-row results and counts, and whether it was applied. */
export type ImportResult = NonNullable<ResultOf<typeof documents.ImportInventoryMutation>["importInventory"]["result"]>;
/** What importing one row does, or why it cannot. */
export type ImportRowResult = ImportResult["rows"][number];

/** A key as the keys list shows it: its holder and the services it works on. */
export type ApiKeyListItem = ResultOf<typeof documents.ApiKeysQuery>["apiKeys"]["nodes"][number];
/** The keys list's order: a `field` (`CREATED_AT`, `EXPIRES_AT`, `HOLDER`, `LAST_USED_AT`, `NAME`) and a `direction`. */
export type ApiKeyOrder = NonNullable<VariablesOf<typeof documents.ApiKeysQuery>["orderBy"]>;

/** A member of staff, as the users list shows them. */
export type UserListItem = ResultOf<typeof documents.UsersQuery>["users"]["nodes"][number];
/** Conditions on the users listed: `search`, `status`, `memberOfGroupId`. */
export type UserFilter = NonNullable<VariablesOf<typeof documents.UsersQuery>["filter"]>;
/** A group email (shared mailbox), with how many active members it has. */
export type GroupEmailListItem = ResultOf<typeof documents.GroupEmailsQuery>["groupEmails"]["nodes"][number];
/** Conditions on the group emails listed: `search`, and a collaborator `role` (on `serviceId`). */
export type GroupEmailFilter = NonNullable<VariablesOf<typeof documents.GroupEmailsQuery>["filter"]>;
export type GroupMembershipInput = VariablesOf<typeof documents.AddGroupMemberMutation>["input"];
/** A group email after a member was added or removed. */
export type GroupEmailMembership = NonNullable<
  ResultOf<typeof documents.AddGroupMemberMutation>["addGroupMember"]["groupEmail"]
>;

/** A service, as the services list shows it. */
export type ServiceListItem = ResultOf<typeof documents.ServicesQuery>["services"]["nodes"][number];
/** Conditions on the services listed: `search`, `archived`, a collaborator `role` (of `holderId`). */
export type ServiceFilter = NonNullable<VariablesOf<typeof documents.ServicesQuery>["filter"]>;
/** A service by slug. */
export type Service = NonNullable<ResultOf<typeof documents.ServiceQuery>["serviceBySlug"]>;
/** A holder's role on a service. */
export type ServiceCollaborator = NonNullable<
  ResultOf<typeof documents.ServiceCollaboratorsQuery>["serviceBySlug"]
>["collaborators"]["nodes"][number];
export type AddCollaboratorInput = VariablesOf<typeof documents.AddCollaboratorMutation>["input"];
/** A role just given: who, which role, on which service. */
export type AddedCollaborator = NonNullable<
  ResultOf<typeof documents.AddCollaboratorMutation>["addCollaborator"]["collaborator"]
>;
export type RemoveCollaboratorInput = VariablesOf<typeof documents.RemoveCollaboratorMutation>["input"];
export type ChangeCollaboratorRoleInput = VariablesOf<typeof documents.ChangeCollaboratorRoleMutation>["input"];
type ChangeRolePayload = ResultOf<typeof documents.ChangeCollaboratorRoleMutation>["changeCollaboratorRole"];
/** The changed role, and the holder's keys that started or stopped working on the service. */
export type ChangedCollaboratorRole = {
  collaborator: NonNullable<ChangeRolePayload["collaborator"]>;
  keysThatGain: ChangeRolePayload["keysThatGain"];
  keysThatStop: ChangeRolePayload["keysThatStop"];
};

/** One recorded change: who did what to which subject, when, and why. */
export type AuditEvent = ResultOf<typeof documents.AuditEventsQuery>["auditEvents"]["nodes"][number];
/** Conditions on the audit events listed: `action` (or a prefix ending in `.`), `subject`, `actorId`, `from`, `to`… */
export type AuditEventFilter = NonNullable<VariablesOf<typeof documents.AuditEventsQuery>["filter"]>;

/** A personal access token (never its secret). */
export type AccessToken = ResultOf<typeof documents.AccessTokensQuery>["accessTokens"]["nodes"][number];
/** Whose tokens: yours (the default), a user's (`userId`, ADMIN) or everyone's (`all`, ADMIN). */
export type AccessTokensQueryVariables = VariablesOf<typeof documents.AccessTokensQuery>;
/** An access token just revoked. */
export type RevokedAccessToken = NonNullable<
  ResultOf<typeof documents.RevokeAccessTokenMutation>["revokeAccessToken"]["accessToken"]
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
