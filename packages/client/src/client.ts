import { print } from "@0no-co/graphql.web";
import { readGraphQL, readRoute, routeError, unwrapPayload } from "./answers.js";
import type { ImportInventoryMutation } from "./documents/import.graphql.js";
import {
  CreateApiKeyMutation,
  HolderKeysQuery,
  HolderQuery,
  RevokeApiKeyMutation,
  RotateApiKeyMutation,
} from "./documents/keys.graphql.js";
import { OffboardingPlanQuery, OffboardUserMutation } from "./documents/offboarding.graphql.js";
import { ReassignApiKeyMutation, ReassignApiKeysMutation } from "./documents/reassignment.graphql.js";
import { KeyholderError } from "./errors.js";
import type { TadaDocumentNode } from "./graphql.js";
import type { CallOptions, KeyholderClientOptions, KeysPageOptions, RequestOptions } from "./options.js";
import { DEFAULT_RETRY } from "./retry.js";
import { Transport } from "./transport.js";
import type {
  CreateApiKeyInput,
  CreatedApiKey,
  Holder,
  HolderKey,
  HolderWithKeys,
  ImportInventoryInput,
  ImportResult,
  OffboardingPlan,
  OffboardingResult,
  OffboardUserInput,
  ReassignApiKeyInput,
  ReassignApiKeysInput,
  Reassignment,
  ReplayedApiKey,
  RevokeApiKeyInput,
  RevokedApiKey,
  RotateApiKeyInput,
  RotatedApiKey,
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
    let after: string | null | undefined;
    do {
      const holder = await this.holderKeys(email, { ...options, first: options.first ?? 200, after });
      if (!holder) {
        throw new KeyholderError({
          source: "api",
          operation: "HolderKeys",
          issues: [{ code: "HOLDER_NOT_FOUND", field: "email", message: `No user or group email is ${email}.` }],
        });
      }
      yield* holder.keys.nodes;
      after = holder.keys.pageInfo.hasNextPage ? holder.keys.pageInfo.endCursor : null;
    } while (after);
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
    const { data, requestId } = await this.execute(CreateApiKeyMutation, { input }, { ...options, idempotent });
    const payload = unwrapPayload(data.createApiKey, "CreateApiKey", requestId);
    const apiKey = present(payload.apiKey);
    if (payload.replayed) return { apiKey, secret: null, warnings: payload.warnings, replayed: true };
    return { apiKey, secret: present(payload.secret), warnings: payload.warnings, replayed: false };
  }

  /** Gives a key a new secret; the old one keeps working for `overlapHours` (default 24). Never retried. */
  async rotateKey(input: RotateApiKeyInput, options?: CallOptions): Promise<RotatedApiKey> {
    const { data, requestId } = await this.execute(RotateApiKeyMutation, { input }, options);
    const payload = unwrapPayload(data.rotateApiKey, "RotateApiKey", requestId);
    return { apiKey: present(payload.apiKey), secret: present(payload.secret), warnings: payload.warnings };
  }

  /** Revokes a key for good, with a reason. Idempotent on the server, so it is retried too. */
  async revokeKey(input: RevokeApiKeyInput, options?: CallOptions): Promise<RevokedApiKey> {
    const { data, requestId } = await this.execute(RevokeApiKeyMutation, { input }, { ...options, idempotent: true });
    return present(unwrapPayload(data.revokeApiKey, "RevokeApiKey", requestId).apiKey);
  }

  /**
   * Moves one key, at the `version` you read, to another holder without changing its secret
   * (with `keepAccess`, the default, it keeps working on the same services). A stale version is
   * `VERSION_CONFLICT`. Never retried.
   */
  async reassignKey(input: ReassignApiKeyInput, options?: CallOptions): Promise<Reassignment> {
    const { data, requestId } = await this.execute(ReassignApiKeyMutation, { input }, options);
    return present(unwrapPayload(data.reassignApiKey, "ReassignApiKey", requestId).reassignment);
  }

  /** Moves up to 10,000 keys to one holder, all or nothing. Never retried. */
  async reassignKeys(input: ReassignApiKeysInput, options?: CallOptions): Promise<Reassignment> {
    const { data, requestId } = await this.execute(ReassignApiKeysMutation, { input }, options);
    return present(unwrapPayload(data.reassignApiKeys, "ReassignApiKeys", requestId).reassignment);
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

  /** What offboarding a user would touch, with a suggested successor per key. Changes nothing. */
  async offboardingPlan(userId: string, options?: CallOptions): Promise<OffboardingPlan> {
    return (await this.request(OffboardingPlanQuery, { userId }, options)).offboardingPlan;
  }

  /**
   * Offboards a leaver in one transaction: keys reassigned (keeping access) or revoked, roles and
   * memberships removed, the user DEPARTED. `dryRun: true` reports exactly what would happen and
   * changes nothing. With an `idempotencyKey` the same call twice acts once (the second answer
   * has `replayed: true`), so such a call — like a dry run — is retried; without one it is not.
   */
  async offboardUser(input: OffboardUserInput, options?: CallOptions): Promise<OffboardingResult> {
    const idempotent = Boolean(input.idempotencyKey) || input.dryRun === true;
    const { data, requestId } = await this.execute(OffboardUserMutation, { input }, { ...options, idempotent });
    return present(unwrapPayload(data.offboardUser, "OffboardUser", requestId).offboarding);
  }

  /**
   * The ownership list as CSV (`GET /v1/exports/keys.csv`), as a stream: pipe it to a file or
   * parse it as it arrives; memory stays flat however many keys there are.
   *
   * @example
   * ```ts
   * await pipeline(Readable.fromWeb(await keyholder.exportKeysCsv()), createWriteStream("keys.csv"));
   * ```
   */
  async exportKeysCsv(options?: CallOptions): Promise<ReadableStream<Uint8Array>> {
    const operation = "GET /v1/exports/keys.csv";
    return this.transport.send({
      method: "GET",
      path: "v1/exports/keys.csv",
      accept: "text/csv",
      operation,
      retryable: true,
      signal: options?.signal,
      read: async (response, requestId) => {
        if (!response.ok || !response.body) throw await routeError(response, requestId, operation);
        return response.body;
      },
    });
  }

  private async execute<R, V>(
    document: TadaDocumentNode<R, V>,
    variables: V | undefined,
    options: RequestOptions = {},
  ): Promise<{ data: R; requestId: string }> {
    const definition = document.definitions.find((d) => d.kind === "OperationDefinition");
    const kind = definition?.kind === "OperationDefinition" ? definition.operation : "query";
    const operation = (definition?.kind === "OperationDefinition" && definition.name?.value) || kind;
    const idempotent = options.idempotent ?? (kind === "query" || hasIdempotencyKey(variables));
    let requestId = "";
    const data = await this.transport.send({
      method: "POST",
      path: "graphql",
      body: { query: print(document), variables: variables ?? {}, operationName: definition ? operation : undefined },
      accept: "application/graphql-response+json, application/json",
      operation,
      retryable: idempotent,
      signal: options.signal,
      read: (response, id) => {
        requestId = response.headers.get("x-request-id") ?? id;
        return readGraphQL<R>(response, id, operation);
      },
    });
    return { data, requestId };
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
