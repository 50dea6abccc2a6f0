import type { RetryOptions } from "./retry.js";
import type { ApiKeyFilter, ApiKeyOrder } from "./types.js";

/** Where Keyholder is and how to sign in to it. */
export interface KeyholderClientOptions {
  /** Keyholder's base URL, e.g. `https://keyholder.example.org` (GraphQL is at `/graphql` below it). */
  url: string | URL;
  /** A personal access token, `khp_…` (`createAccessToken`, or `pnpm keyholder token:issue`). */
  token: string;
  /** Retries of requests that are safe to repeat. Default: 3 retries, 250 ms doubling to 5 s, with jitter. */
  retry?: RetryOptions;
  /** Per attempt, until the answer is read (for the CSV export: until it starts). Default 30 s. */
  timeoutMs?: number;
  /** A `fetch` to use instead of the global one (a proxy agent, a test double). */
  fetch?: typeof fetch;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
}

/** Per-call options. */
export interface CallOptions {
  /** Cancels the call, including any retry that is waiting. */
  signal?: AbortSignal;
}

/** Options of a raw {@link KeyholderClient.request}. */
export interface RequestOptions extends CallOptions {
  /**
   * Whether sending the operation twice is harmless, so that it may be retried. Default: true for
   * queries and for mutations whose variables carry an `idempotencyKey`; false for other mutations.
   */
  idempotent?: boolean;
}

/** Paging through a holder's keys. */
export interface KeysPageOptions extends CallOptions {
  /** Page size, 0 to 500 (default 50). */
  first?: number;
  /** `pageInfo.endCursor` of the previous page. */
  after?: string | null;
  filter?: ApiKeyFilter;
}

/** Iterating over a list: its conditions, and how many items to fetch per request. */
export interface ListOptions<F> extends CallOptions {
  filter?: F;
  /** Items per request, 1 to 500 (default 100). Every item is yielded whatever the page size. */
  pageSize?: number;
}

/** Iterating over the keys list: the list's filter and its order. */
export interface ApiKeysOptions extends ListOptions<ApiKeyFilter> {
  /** Default: newest first, or soonest expiring first when filtered by `expiresWithinDays`. */
  orderBy?: ApiKeyOrder;
}

/** Which keys the CSV export lists, and in which order: the same filter and order as the keys list. */
export interface ExportKeysOptions extends CallOptions {
  filter?: ApiKeyFilter;
  orderBy?: ApiKeyOrder;
}
