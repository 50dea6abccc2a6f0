import { print } from "@0no-co/graphql.web";
import { type AnswerMeta, readGraphQL, readRoute, routeError, unwrapPayload } from "./answers.js";
import {
  AccessTokensQuery,
  AddCollaboratorMutation,
  AddGroupMemberMutation,
  ApiKeysQuery,
  AuditEventsQuery,
  ChangeCollaboratorRoleMutation,
  CreateApiKeyMutation,
  GroupEmailsQuery,
  HolderKeysQuery,
  HolderQuery,
  type ImportInventoryMutation,
  OffboardingPlanKeysQuery,
  OffboardingPlanQuery,
  OffboardingPlanSummaryQuery,
  OffboardUserMutation,
  ReassignApiKeyMutation,
  ReassignApiKeysMutation,
  RemoveCollaboratorMutation,
  RemoveGroupMemberMutation,
  RevokeAccessTokenMutation,
  RevokeApiKeyMutation,
  RotateApiKeyMutation,
  ServiceCollaboratorsQuery,
  ServiceQuery,
  ServicesQuery,
  UsersQuery,
} from "./documents/index.js";
import { KeyholderError, type KeyholderErrorCode, type KeyholderIssue } from "./errors.js";
import type { TadaDocumentNode } from "./graphql.js";
import type {
  ApiKeysOptions,
  CallOptions,
  ExportKeysOptions,
  KeyholderClientOptions,
  KeysPageOptions,
  ListOptions,
  RequestOptions,
} from "./options.js";
import {
  type Connection,
  DEFAULT_PAGE_SIZE,
  declaresAfter,
  type NodeOf,
  type PagedBy,
  type PageVariables,
  pages,
} from "./paginate.js";
import { DEFAULT_RETRY } from "./retry.js";
import { Transport } from "./transport.js";
import type {
  AccessToken,
  AccessTokensQueryVariables,
  AddCollaboratorInput,
  AddedCollaborator,
  ApiKeyListItem,
  AuditEvent,
  AuditEventFilter,
  ChangeCollaboratorRoleInput,
  ChangedCollaboratorRole,
  CreateApiKeyInput,
  CreatedApiKey,
  GroupEmailFilter,
  GroupEmailListItem,
  GroupEmailMembership,
  GroupMembershipInput,
  Holder,
  HolderKey,
  HolderWithKeys,
  ImportInventoryInput,
  ImportResult,
  OffboardByEmailInput,
  OffboardByEmailResult,
  OffboardingPlan,
  OffboardingPlanSummary,
  OffboardingResult,
  OffboardUserInput,
  PlannedKey,
  ReassignApiKeyInput,
  ReassignApiKeysInput,
  Reassignment,
  RemoveCollaboratorInput,
  ReplayedApiKey,
  RevokeApiKeyInput,
  RevokedAccessToken,
  RevokedApiKey,
  RotateApiKeyInput,
  RotatedApiKey,
  Service,
  ServiceCollaborator,
  ServiceFilter,
  ServiceListItem,
  UserFilter,
  UserListItem,
  VerifyInput,
  VerifyResult,
} from "./types.js";

type RequestArgs<V> =
  Record<string, never> extends V
    ? [variables?: V, options?: RequestOptions]
    : [variables: V, options?: RequestOptions];

/**
 * A typed client for Keyholder's API. Every method sends a document typed from the committed
 * schema, authenticates with a personal access token, and reports failures as
 * {@link KeyholderError}s with a stable `code` (and the input `field`, for refused mutations).
 * Queries, verification, the export and mutations with an idempotency key are retried on network
 * failures and 5xx answers; other mutations are sent exactly once.
 *
 * @example
 * ```ts
 * const keyholder = new KeyholderClient({ url: process.env.KEYHOLDER_URL!, token: process.env.KEYHOLDER_TOKEN! });
 * const holder = await keyholder.holderKeys("ben.tan@transport.gov.example");
 * for (const key of holder?.keys.nodes ?? []) console.log(key.name, key.worksOn.map((s) => s.slug));
 * ```
 */
export class KeyholderClient {
  private readonly transport: Transport;

  constructor(options: KeyholderClientOptions) {
    if (!options.token) throw new TypeError("KeyholderClient needs an access token (khp_…).");
    const baseUrl = new URL(options.url);
    if (!baseUrl.pathname.endsWith("/")) baseUrl.pathname += "/";
    this.transport = new Transport({
      baseUrl,
      token: options.token,
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      timeoutMs: options.timeoutMs ?? 30_000,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      headers: options.headers ?? {},
    });
  }

  /**
   * Runs any operation written with this package's `graphql()` and returns its typed `data`.
   * Top-level errors throw a {@link KeyholderError}; a mutation payload's `errors` are returned
   * as they are (see the task methods for ones that throw them).
   */
  async request<R, V>(document: TadaDocumentNode<R, V>, ...[variables, options]: RequestArgs<V>): Promise<R> {
    return (await this.execute(document, variables, options)).data;
  }

  /** A user or group email by email address (case-insensitive), or null when there is none. */
  async holder(email: string, options?: CallOptions): Promise<Holder | null> {
    return (await this.request(HolderQuery, { email }, options)).holderByEmail;
  }

  /**
   * A holder with one page of their keys (newest first) and where each works, or null when no
   * holder has this email. Pass `pageInfo.endCursor` as `after` for the next page.
   */
  async holderKeys(email: string, options: KeysPageOptions = {}): Promise<HolderWithKeys | null> {
    const { first, after, filter, signal } = options;
    const data = await this.request(HolderKeysQuery, { email, first, after, filter }, { signal });
    return data.holderByEmail;
  }

  /**
   * Every key of a holder, page after page. Throws `HOLDER_NOT_FOUND` when no holder has this email.
   *
   * @example
   * ```ts
   * for await (const key of keyholder.eachHolderKey("ben.tan@transport.gov.example")) console.log(key.prefix);
   * ```
   */
  async *eachHolderKey(email: string, options: Omit<KeysPageOptions, "after"> = {}): AsyncGenerator<HolderKey> {
    yield* pages(async (after) => {
      const holder = await this.holderKeys(email, { ...options, first: options.first ?? 200, after });
      if (!holder) throw notFound("HOLDER_NOT_FOUND", "email", `No user or group email is ${email}.`, "HolderKeys");
      return holder.keys;
    });
  }

  /**
   * Does this secret work on this service? `POST /v1/keys/verify`, the fast route for services'
   * backends (an answer is not an error: read `valid` and `reason`).
   */
  async verify(input: VerifyInput, options?: CallOptions): Promise<VerifyResult> {
    const operation = "POST /v1/keys/verify";
    return this.transport.send({
      method: "POST",
      path: "v1/keys/verify",
      body: input,
      accept: "application/json",
      operation,
      retryable: true,
      signal: options?.signal,
      read: (response, requestId) => readRoute<VerifyResult>(response, requestId, operation),
    });
  }

  /**
   * Issues a key; the secret is in the answer, this once. Without an `idempotencyKey` it is never
   * retried. With one it is (the same key and input issue one key): an answer for a key an earlier
   * call created has `replayed: true` and no secret, and the same idempotency key with another
   * input is `IDEMPOTENCY_KEY_REUSED`.
   */
  async createKey(input: CreateApiKeyInput & { idempotencyKey?: null }, options?: CallOptions): Promise<CreatedApiKey>;
  async createKey(input: CreateApiKeyInput, options?: CallOptions): Promise<CreatedApiKey | ReplayedApiKey>;
  async createKey(input: CreateApiKeyInput, options?: CallOptions): Promise<CreatedApiKey | ReplayedApiKey> {
    const idempotent = Boolean(input.idempotencyKey);
    const payload = await this.mutate(CreateApiKeyMutation, { input }, (data) => data.createApiKey, {
      ...options,
      idempotent,
    });
    const apiKey = present(payload.apiKey);
    if (payload.replayed) return { apiKey, secret: null, warnings: payload.warnings, replayed: true };
    return { apiKey, secret: present(payload.secret), warnings: payload.warnings, replayed: false };
  }

  /** Gives a key a new secret; the old one keeps working for `overlapHours` (default 24). Never retried. */
  async rotateKey(input: RotateApiKeyInput, options?: CallOptions): Promise<RotatedApiKey> {
    const payload = await this.mutate(RotateApiKeyMutation, { input }, (data) => data.rotateApiKey, options);
    return { apiKey: present(payload.apiKey), secret: present(payload.secret), warnings: payload.warnings };
  }

  /** Revokes a key for good, with a reason. Idempotent on the server, so it is retried too. */
  async revokeKey(input: RevokeApiKeyInput, options?: CallOptions): Promise<RevokedApiKey> {
    const payload = await this.mutate(RevokeApiKeyMutation, { input }, (data) => data.revokeApiKey, {
      ...options,
      idempotent: true,
    });
    return present(payload.apiKey);
  }

  /**
   * Moves one key, at the `version` you read, to another holder without changing its secret
   * (with `keepAccess`, the default, it keeps working on the same services). A stale version is
   * `VERSION_CONFLICT`. Never retried.
   */
  async reassignKey(input: ReassignApiKeyInput, options?: CallOptions): Promise<Reassignment> {
    const payload = await this.mutate(ReassignApiKeyMutation, { input }, (data) => data.reassignApiKey, options);
    return present(payload.reassignment);
  }

  /** Moves up to 10,000 keys to one holder, all or nothing. Never retried. */
  async reassignKeys(input: ReassignApiKeysInput, options?: CallOptions): Promise<Reassignment> {
    const payload = await this.mutate(ReassignApiKeysMutation, { input }, (data) => data.reassignApiKeys, options);
    return present(payload.reassignment);
  }

  /**
   * Imports an inventory file (a JSON bundle or CSV files, one per kind): a dry run unless
   * `apply`, which writes every row or none. Sent to `POST /v1/imports` (up to 64 MB, an
   * OPERATOR's token), which answers as the `importInventory` mutation's `result`; files under
   * 1 MB may also go through GraphQL with {@link ImportInventoryMutation}. Re-running a file
   * changes nothing, so it is retried.
   */
  async importInventory(input: ImportInventoryInput, options?: CallOptions): Promise<ImportResult> {
    const operation = "POST /v1/imports";
    return this.transport.send({
      method: "POST",
      path: "v1/imports",
      body: input,
      accept: "application/json",
      operation,
      retryable: true,
      signal: options?.signal,
      read: (response, requestId) => readRoute<ImportResult>(response, requestId, operation),
    });
  }

  /**
   * What offboarding a user would touch, with every key and its suggested successor in one answer.
   * Changes nothing. For a leaver with thousands of keys use {@link offboardingPlanSummary} and
   * {@link plannedKeys}: this answer grows with every key, up to the API's size limit.
   */
  async offboardingPlan(userId: string, options?: CallOptions): Promise<OffboardingPlan> {
    return (await this.request(OffboardingPlanQuery, { userId }, options)).offboardingPlan;
  }

  /**
   * What offboarding a user would touch, its size independent of how many keys they hold: the
   * keys counted, the services the active keys work on and the suggested successors once for all
   * of them, and the first `first` keys (default 50), newest first. Changes nothing.
   */
  async offboardingPlanSummary(
    userId: string,
    options: CallOptions & { first?: number } = {},
  ): Promise<OffboardingPlanSummary> {
    const { first = 50, ...call } = options;
    return (await this.request(OffboardingPlanSummaryQuery, { userId, first }, call)).offboardingPlan;
  }

  /**
   * Every key of a leaver's offboarding plan, newest first, page after page, each with the
   * suggestion for its state. Throws `USER_NOT_FOUND` when no user has this id.
   *
   * @example
   * ```ts
   * for await (const key of keyholder.plannedKeys(userId)) if (!key.suggestedHolderId) console.log(key.name);
   * ```
   */
  plannedKeys(userId: string, options: Omit<ListOptions<never>, "filter"> = {}): AsyncGenerator<PlannedKey> {
    const { pageSize, signal } = options;
    return this.paginate(
      OffboardingPlanKeysQuery,
      { userId, first: pageSize ?? 200 },
      (data) => data.offboardingPlan.plannedKeys,
      { signal },
    );
  }

  /**
   * Offboards a leaver in one transaction: keys reassigned (keeping access) or revoked, roles and
   * memberships removed, the user DEPARTED. `dryRun: true` reports exactly what would happen and
   * changes nothing. With an `idempotencyKey` the same call twice acts once (the second answer
   * has `replayed: true`), so such a call — like a dry run — is retried; without one it is not.
   */
  async offboardUser(input: OffboardUserInput, options?: CallOptions): Promise<OffboardingResult> {
    const idempotent = Boolean(input.idempotencyKey) || input.dryRun === true;
    const payload = await this.mutate(OffboardUserMutation, { input }, (data) => data.offboardUser, {
      ...options,
      idempotent,
    });
    return present(payload.offboarding);
  }

  /**
   * Yields every node of any connection, page after page, for a document of your own: its
   * variables' `first` is the page size (default 100) and `after` is filled in for you; `connection`
   * is the path from the answer to the connection. A null on that path (e.g. an unknown holder)
   * yields nothing. A document without `$after` or `pageInfo { endCursor }` does not compile, and
   * one whose pages never move on (its `$after` reaches another connection) throws instead of
   * yielding the same nodes again; a page size below 1 is `INVALID_PAGE_SIZE`.
   *
   * @example
   * ```ts
   * const Departed = graphql(`
   *   query Departed($first: Int, $after: String) {
   *     users(first: $first, after: $after, filter: { status: DEPARTED }) {
   *       pageInfo { hasNextPage endCursor }
   *       nodes { email departedAt }
   *     }
   *   }
   * `);
   * for await (const user of keyholder.paginate(Departed, {}, (data) => data.users)) console.log(user.email);
   * ```
   */
  async *paginate<R, V extends PageVariables, C extends Connection<unknown>>(
    document: TadaDocumentNode<R, V> & PagedBy<V>,
    variables: Omit<V, "after">,
    connection: (data: R) => C | null | undefined,
    options?: CallOptions,
  ): AsyncGenerator<NodeOf<C>, void, undefined> {
    if (!declaresAfter(document)) {
      throw new TypeError("paginate needs a document that declares $after and passes it to the connection it pages.");
    }
    const first = (variables as PageVariables).first ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(first) || first < 1) {
      throw new KeyholderError({
        source: "api",
        operation: "paginate",
        issues: [
          {
            code: "INVALID_PAGE_SIZE",
            field: "pageSize",
            message: `The page size must be a whole number from 1 (not ${first}).`,
          },
        ],
      });
    }
    yield* pages(async (after) => {
      const { data } = await this.execute(document, { ...variables, first, after } as V, options);
      return connection(data) as Connection<NodeOf<C>> | null | undefined;
    });
  }

  /** Pages through a filtered list: `pageSize` is each page's `first`, the filter is passed as given. */
  private list<R, V extends PageVariables & { filter?: unknown }, C extends Connection<unknown>>(
    document: TadaDocumentNode<R, V> & PagedBy<V>,
    { filter, pageSize, signal }: ListOptions<V["filter"]>,
    connection: (data: R) => C | null | undefined,
  ): AsyncGenerator<NodeOf<C>, void, undefined> {
    return this.paginate(document, { first: pageSize, filter } as Omit<V, "after">, connection, { signal });
  }

  /**
   * Every key of the keys list, with its holder and where it works: the list's filter
   * (`environment`, `status`, `holderKind`, `holderStatus`, `expiresWithinDays`, `search`…) and order.
   */
  apiKeys(options: ApiKeysOptions = {}): AsyncGenerator<ApiKeyListItem, void, undefined> {
    const { filter, orderBy, pageSize, signal } = options;
    return this.paginate(ApiKeysQuery, { first: pageSize, filter, orderBy }, (data) => data.apiKeys, { signal });
  }

  /** Every user (member of staff) matching the filter (`search`, `status`, `memberOfGroupId`), by email. */
  users(options: ListOptions<UserFilter> = {}): AsyncGenerator<UserListItem, void, undefined> {
    return this.list(UsersQuery, options, (data) => data.users);
  }

  /** Every group email matching the filter (`search`, a collaborator `role` on `serviceId`), by email. */
  groupEmails(options: ListOptions<GroupEmailFilter> = {}): AsyncGenerator<GroupEmailListItem, void, undefined> {
    return this.list(GroupEmailsQuery, options, (data) => data.groupEmails);
  }

  /** Every member of a group email, by email. Throws `GROUP_NOT_FOUND` when no group email has this address. */
  async *groupEmailMembers(
    email: string,
    options: ListOptions<Omit<UserFilter, "memberOfGroupId">> = {},
  ): AsyncGenerator<UserListItem, void, undefined> {
    const group = await this.holder(email, options);
    if (group?.__typename !== "GroupEmail")
      throw notFound("GROUP_NOT_FOUND", "email", `No group email is ${email}.`, "GroupEmailMembers");
    yield* this.users({ ...options, filter: { ...options.filter, memberOfGroupId: group.id } });
  }

  /** Adds a user to a group email's members (ids from `holder()`). Never retried. */
  async addGroupMember(input: GroupMembershipInput, options?: CallOptions): Promise<GroupEmailMembership> {
    const payload = await this.mutate(AddGroupMemberMutation, { input }, (data) => data.addGroupMember, options);
    return present(payload.groupEmail);
  }

  /** Removes a user from a group email's members. Never retried. */
  async removeGroupMember(input: GroupMembershipInput, options?: CallOptions): Promise<GroupEmailMembership> {
    const payload = await this.mutate(RemoveGroupMemberMutation, { input }, (data) => data.removeGroupMember, options);
    return present(payload.groupEmail);
  }

  /** Every service matching the filter (`search`, `archived`, a collaborator `role` of `holderId`), by slug. */
  services(options: ListOptions<ServiceFilter> = {}): AsyncGenerator<ServiceListItem, void, undefined> {
    return this.list(ServicesQuery, options, (data) => data.services);
  }

  /** A service by slug, or null when there is none. */
  async service(slug: string, options?: CallOptions): Promise<Service | null> {
    return (await this.request(ServiceQuery, { slug }, options)).serviceBySlug;
  }

  /** Every collaborator of a service: who has which role there. Throws `SERVICE_NOT_FOUND` for an unknown slug. */
  serviceCollaborators(
    slug: string,
    options: Omit<ListOptions<never>, "filter"> = {},
  ): AsyncGenerator<ServiceCollaborator, void, undefined> {
    const { pageSize, signal } = options;
    return this.paginate(
      ServiceCollaboratorsQuery,
      { slug, first: pageSize },
      (data) => {
        if (!data.serviceBySlug)
          throw notFound("SERVICE_NOT_FOUND", "slug", `No service is ${slug}.`, "ServiceCollaborators");
        return data.serviceBySlug.collaborators;
      },
      { signal },
    );
  }

  /**
   * Gives a holder a role on a service (`ADMIN`, `BILLING` or `VIEWER`). Becoming `BILLING` makes
   * every active key of the holder work there. Never retried.
   */
  async addCollaborator(input: AddCollaboratorInput, options?: CallOptions): Promise<AddedCollaborator> {
    const payload = await this.mutate(AddCollaboratorMutation, { input }, (data) => data.addCollaborator, options);
    return present(payload.collaborator);
  }

  /** Takes a role away (by the collaborator's `id`). Never retried. */
  async removeCollaborator(input: RemoveCollaboratorInput, options?: CallOptions): Promise<void> {
    await this.mutate(RemoveCollaboratorMutation, { input }, (data) => data.removeCollaborator, options);
  }

  /**
   * Changes a collaborator's role. A change that would make keys stop working (leaving `BILLING`)
   * or start working (becoming `BILLING`) is refused with `KEYS_WOULD_STOP` or `ACCESS_WOULD_WIDEN`
   * unless `allowKeysToStop` or `allowWiderAccess` says so. Never retried.
   */
  async changeCollaboratorRole(
    input: ChangeCollaboratorRoleInput,
    options?: CallOptions,
  ): Promise<ChangedCollaboratorRole> {
    const payload = await this.mutate(
      ChangeCollaboratorRoleMutation,
      { input },
      (data) => data.changeCollaboratorRole,
      options,
    );
    return {
      collaborator: present(payload.collaborator),
      keysThatGain: payload.keysThatGain,
      keysThatStop: payload.keysThatStop,
    };
  }

  /**
   * Every audit event matching the filter, newest first: `action` (exact, or a prefix ending in
   * `.` such as `api_key.`), `subject` (an email, a key's name or prefix, a slug…), `actorId`,
   * `categories`, `from` and `to`.
   */
  auditEvents(options: ListOptions<AuditEventFilter> = {}): AsyncGenerator<AuditEvent, void, undefined> {
    return this.list(AuditEventsQuery, options, (data) => data.auditEvents);
  }

  /**
   * Access tokens, newest first, revoked and expired ones included: your own, a user's
   * (`userId`) or everyone's (`all`); the last two need an ADMIN token. (A token is created in
   * the console or with `pnpm keyholder token:issue`: Keyholder refuses to make one from another.)
   */
  accessTokens(
    whose: Pick<AccessTokensQueryVariables, "userId" | "all"> = {},
    options: Omit<ListOptions<never>, "filter"> = {},
  ): AsyncGenerator<AccessToken, void, undefined> {
    const { pageSize, signal } = options;
    return this.paginate(AccessTokensQuery, { ...whose, first: pageSize }, (data) => data.accessTokens, { signal });
  }

  /** Revokes an access token (yours, or anyone's with an ADMIN token): it stops authenticating at once. */
  async revokeAccessToken(id: string, options?: CallOptions): Promise<RevokedAccessToken> {
    const payload = await this.mutate(RevokeAccessTokenMutation, { id }, (data) => data.revokeAccessToken, options);
    return present(payload.accessToken);
  }

  /**
   * What offboarding a leaver known by email would touch. Throws `USER_NOT_FOUND` when no user
   * has this email (a group email is not a user either).
   */
  async offboardingPlanByEmail(email: string, options?: CallOptions): Promise<OffboardingPlan> {
    return this.offboardingPlan((await this.userByEmail(email, "OffboardingPlan", options)).id, options);
  }

  /**
   * Offboards a leaver known by email: finds the user (`USER_NOT_FOUND` when no user has this
   * email) and the default target (`HOLDER_NOT_FOUND` when no user or group email has that one),
   * reads the plan, then runs {@link offboardUser} — with `dryRun: true`, changing nothing.
   *
   * @example
   * ```ts
   * const { plan, offboarding } = await keyholder.offboardByEmail({
   *   email: "ben.tan@transport.gov.example",
   *   defaultTargetEmail: "finance-team@transport.gov.example",
   *   reason: "left on 2026-11-30",
   *   dryRun: true,
   * });
   * ```
   */
  async offboardByEmail(input: OffboardByEmailInput, options?: CallOptions): Promise<OffboardByEmailResult> {
    const { email, defaultTargetEmail, ...rest } = input;
    const user = await this.userByEmail(email, "OffboardUser", options);
    let defaultTargetId: string | null = null;
    if (defaultTargetEmail) {
      const target = await this.holder(defaultTargetEmail, options);
      if (!target)
        throw notFound(
          "HOLDER_NOT_FOUND",
          "defaultTargetEmail",
          `No user or group email is ${defaultTargetEmail}.`,
          "OffboardUser",
        );
      defaultTargetId = target.id;
    }
    const plan = await this.offboardingPlan(user.id, options);
    const offboarding = await this.offboardUser({ ...rest, userId: user.id, defaultTargetId }, options);
    return { plan, offboarding };
  }

  /**
   * The ownership list as CSV (`GET /v1/exports/keys.csv`), as a stream: pipe it to a file or
   * parse it as it arrives; memory stays flat however many keys there are. `filter` and `orderBy`
   * are the keys list's, so the file holds exactly the keys {@link apiKeys} yields.
   *
   * @example
   * ```ts
   * const csv = await keyholder.exportKeysCsv({ filter: { environment: "PRODUCTION", holderKind: "USER" } });
   * await pipeline(Readable.fromWeb(csv), createWriteStream("production-keys-held-by-people.csv"));
   * ```
   */
  async exportKeysCsv(options: ExportKeysOptions = {}): Promise<ReadableStream<Uint8Array>> {
    const operation = "GET /v1/exports/keys.csv";
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(options.filter ?? {}))
      if (value !== undefined && value !== null) query.set(name, String(value));
    if (options.orderBy) {
      query.set("orderBy", options.orderBy.field);
      if (options.orderBy.direction) query.set("direction", options.orderBy.direction);
    }
    // Not `query.size`: runtimes without it (Safari before 17) would drop the filter and export every key.
    const search = query.toString() ? `?${query}` : "";
    return this.transport.send({
      method: "GET",
      path: `v1/exports/keys.csv${search}`,
      accept: "text/csv",
      operation,
      retryable: true,
      signal: options.signal,
      read: async (response, requestId) => {
        if (!response.ok || !response.body) throw await routeError(response, requestId, operation);
        return response.body;
      },
    });
  }

  /** The user with this email, or `USER_NOT_FOUND`. */
  private async userByEmail(email: string, operation: string, options?: CallOptions) {
    const holder = await this.holder(email, options);
    if (holder?.__typename !== "User")
      throw notFound(
        "USER_NOT_FOUND",
        "email",
        holder ? `${email} is a group email, not a user.` : `No user is ${email}.`,
        operation,
      );
    return holder;
  }

  /**
   * Runs a mutation and answers its payload, or throws the payload's `errors` as a KeyholderError
   * named after the operation.
   */
  private async mutate<R, V, P extends { errors: readonly KeyholderIssue[] }>(
    document: TadaDocumentNode<R, V>,
    variables: V,
    payloadOf: (data: R) => P,
    options?: RequestOptions,
  ): Promise<P> {
    const { data, meta, operation } = await this.execute(document, variables, options);
    return unwrapPayload(payloadOf(data), operation, meta);
  }

  private async execute<R, V>(
    document: TadaDocumentNode<R, V>,
    variables: V | undefined,
    options: RequestOptions = {},
  ): Promise<{ data: R; meta: AnswerMeta; operation: string }> {
    const definition = document.definitions.find((d) => d.kind === "OperationDefinition");
    const kind = definition?.kind === "OperationDefinition" ? definition.operation : "query";
    const operation = (definition?.kind === "OperationDefinition" && definition.name?.value) || kind;
    const idempotent = options.idempotent ?? (kind === "query" || hasIdempotencyKey(variables));
    const meta: AnswerMeta = { status: 0, requestId: "" };
    const data = await this.transport.send({
      method: "POST",
      path: "graphql",
      body: { query: print(document), variables: variables ?? {}, operationName: definition ? operation : undefined },
      accept: "application/graphql-response+json, application/json",
      operation,
      retryable: idempotent,
      signal: options.signal,
      read: (response, id) => {
        meta.status = response.status;
        meta.requestId = response.headers.get("x-request-id") ?? id;
        return readGraphQL<R>(response, id, operation);
      },
    });
    return { data, meta, operation };
  }
}

/** True when the variables (or their `input`) carry a non-empty `idempotencyKey`. */
function hasIdempotencyKey(variables: unknown): boolean {
  if (typeof variables !== "object" || variables === null) return false;
  const record = variables as Record<string, unknown>;
  if (typeof record.idempotencyKey === "string" && record.idempotencyKey !== "") return true;
  return hasIdempotencyKey(record.input);
}

/** A payload field that the schema makes nullable but that success always fills. */
function present<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) {
    throw new KeyholderError({
      source: "http",
      issues: [{ code: "HTTP_ERROR", field: null, message: "Keyholder's answer lacks a field it always sends." }],
    });
  }
  return value;
}

/** The error for a name the caller gave that Keyholder does not know. */
function notFound(code: KeyholderErrorCode, field: string, message: string, operation: string): KeyholderError {
  return new KeyholderError({ source: "api", operation, issues: [{ code, field, message }] });
}
