import { KeyholderError, type KeyholderIssue } from "./errors.js";
import { backoffDelay, type RetryOptions, rateLimitWait, sleep } from "./retry.js";

/** How to reach Keyholder; built once by the client from its options. */
export interface TransportOptions {
  baseUrl: URL;
  token: string;
  fetch: typeof fetch;
  timeoutMs: number;
  retry: Required<RetryOptions>;
  headers: Record<string, string>;
}

/** One HTTP exchange with Keyholder. */
export interface Exchange<T> {
  method: "GET" | "POST";
  /** Path below the base URL, e.g. `graphql` or `v1/keys/verify`. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  accept: string;
  /** For error messages: `HolderKeys`, `POST /v1/keys/verify`… */
  operation: string;
  /** True only when sending the request twice cannot do anything twice. */
  retryable: boolean;
  signal?: AbortSignal;
  /** Reads the answer (within the timeout unless it hands back a stream). */
  read(response: Response, requestId: string): Promise<T>;
}

/**
 * Sends requests with the access token, a request id (the same on every attempt, so the server
 * log ties them together) and a timeout; retries an exchange marked `retryable` on network
 * failures and 5xx answers, with back-off, and any exchange refused with 429 (rate limited: the
 * server did nothing) after its `Retry-After`. Nothing else is ever sent twice.
 */
export class Transport {
  constructor(private readonly options: TransportOptions) {}

  async send<T>(exchange: Exchange<T>): Promise<T> {
    const { retry } = this.options;
    const requestId = globalThis.crypto.randomUUID();
    for (let attempt = 0; ; attempt++) {
      const canRetry = exchange.retryable && attempt < retry.retries;
      const timeout = new AbortController();
      const timer = setTimeout(
        () => timeout.abort(new DOMException("Keyholder did not answer in time.", "TimeoutError")),
        this.options.timeoutMs,
      );
      const signal = exchange.signal ? AbortSignal.any([exchange.signal, timeout.signal]) : timeout.signal;
      try {
        const response = await this.options.fetch(new URL(exchange.path, this.options.baseUrl), {
          method: exchange.method,
          headers: {
            ...this.options.headers,
            accept: exchange.accept,
            authorization: `Bearer ${this.options.token}`,
            "x-request-id": requestId,
            ...(exchange.body === undefined ? {} : { "content-type": "application/json" }),
          },
          body: exchange.body === undefined ? undefined : JSON.stringify(exchange.body),
          signal,
        });
        // A 429 is refused before anything is done, so any request may be sent again once the
        // server's Retry-After has passed (a wait too long to sit out is reported instead).
        const wait =
          response.status === 429 && attempt < retry.retries
            ? rateLimitWait(response.headers.get("retry-after"), retry)
            : null;
        if (wait !== null) {
          await response.body?.cancel().catch(() => {});
          clearTimeout(timer);
          await sleep(wait, exchange.signal);
          continue;
        }
        if (response.status >= 500 && canRetry) {
          await response.body?.cancel().catch(() => {});
          clearTimeout(timer);
          await sleep(backoffDelay(attempt, retry, response.headers.get("retry-after")), exchange.signal);
          continue;
        }
        return await exchange.read(response, requestId);
      } catch (error) {
        clearTimeout(timer);
        if (error instanceof KeyholderError || exchange.signal?.aborted) throw error;
        const timedOut = timeout.signal.aborted;
        const failure = new KeyholderError({
          source: "network",
          issues: [networkIssue(error, timedOut, this.options.baseUrl)],
          requestId,
          operation: exchange.operation,
          cause: error,
        });
        if (!canRetry) throw failure;
        await sleep(backoffDelay(attempt, retry), exchange.signal);
      } finally {
        clearTimeout(timer);
      }
    }
  }
}

function networkIssue(error: unknown, timedOut: boolean, baseUrl: URL): KeyholderIssue {
  if (timedOut) return { code: "TIMEOUT", field: null, message: `${baseUrl.origin} did not answer in time.` };
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  const message = error instanceof Error ? error.message : String(error);
  return { code: "NETWORK_ERROR", field: null, message: `Could not reach ${baseUrl.origin} (${message}${cause}).` };
}
