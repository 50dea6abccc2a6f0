import { KeyholderError, type KeyholderIssue, receivedCode } from "./errors.js";

/** The parts of a GraphQL answer the client reads. */
interface GraphQLAnswer<R> {
  data?: R | null;
  errors?: { message?: unknown; extensions?: { code?: unknown; field?: unknown; requestId?: unknown } }[];
}

/** A REST route's error body: `{ "error": { "code", "message" } }`. */
interface RouteErrorBody {
  error?: { code?: unknown; message?: unknown };
}

/**
 * Reads a GraphQL answer: its `data`, or a {@link KeyholderError} made of its top-level errors
 * (`extensions.code`, and `extensions.field` when the server names one).
 */
export async function readGraphQL<R>(response: Response, requestId: string, operation: string): Promise<R> {
  const answer = (await readJson(response, requestId, operation)) as GraphQLAnswer<R>;
  if (Array.isArray(answer.errors) && answer.errors.length > 0) {
    const serverRequestId = answer.errors.find((e) => typeof e.extensions?.requestId === "string")?.extensions
      ?.requestId as string | undefined;
    throw new KeyholderError({
      source: "api",
      status: response.status,
      requestId: serverRequestId ?? echoedId(response, requestId),
      operation,
      issues: answer.errors.map((e) => ({
        code: receivedCode(e.extensions?.code),
        field: typeof e.extensions?.field === "string" ? e.extensions.field : null,
        message: typeof e.message === "string" ? e.message : "Keyholder reported an error.",
      })),
    });
  }
  if (!response.ok || answer.data === undefined || answer.data === null)
    throw unexpected(response, requestId, operation);
  return answer.data;
}

/** Reads a REST route's JSON answer, or throws its `{ error: { code, message } }` as a {@link KeyholderError}. */
export async function readRoute<T>(response: Response, requestId: string, operation: string): Promise<T> {
  if (response.ok) return (await readJson(response, requestId, operation)) as T;
  throw await routeError(response, requestId, operation);
}

/** The {@link KeyholderError} for a route's non-2xx answer, from its error body when it has one. */
export async function routeError(response: Response, requestId: string, operation: string): Promise<KeyholderError> {
  let body: RouteErrorBody | undefined;
  try {
    body = (await readJson(response, requestId, operation)) as RouteErrorBody;
  } catch {
    body = undefined;
  }
  const code = body?.error?.code;
  if (typeof code !== "string") return unexpected(response, requestId, operation);
  const message = body?.error?.message;
  return new KeyholderError({
    source: "api",
    status: response.status,
    requestId: echoedId(response, requestId),
    operation,
    issues: [{ code: receivedCode(code), field: null, message: typeof message === "string" ? message : code }],
  });
}

/** Where an answer came from: its HTTP status and the request id it was logged under. */
export interface AnswerMeta {
  status: number;
  requestId: string;
}

/**
 * Throws payload `errors { field code message }` of a mutation as one {@link KeyholderError},
 * with the answer's HTTP status and request id like every other error.
 */
export function unwrapPayload<P extends { errors: readonly KeyholderIssue[] }>(
  payload: P,
  operation: string,
  meta?: AnswerMeta,
): P {
  if (payload.errors.length === 0) return payload;
  throw new KeyholderError({
    source: "payload",
    issues: payload.errors,
    operation,
    status: meta?.status,
    requestId: meta?.requestId,
  });
}

async function readJson(response: Response, requestId: string, operation: string): Promise<unknown> {
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) {
    await response.body?.cancel().catch(() => {});
    throw unexpected(response, requestId, operation);
  }
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new KeyholderError({
      source: "http",
      status: response.status,
      requestId: echoedId(response, requestId),
      operation,
      issues: [{ code: "HTTP_ERROR", field: null, message: `Keyholder sent invalid JSON (HTTP ${response.status}).` }],
      cause: error,
    });
  }
}

function unexpected(response: Response, requestId: string, operation: string): KeyholderError {
  return new KeyholderError({
    source: "http",
    status: response.status,
    requestId: echoedId(response, requestId),
    operation,
    issues: [
      {
        code: "HTTP_ERROR",
        field: null,
        message: `Unexpected answer from Keyholder: HTTP ${response.status} ${response.statusText}`.trim(),
      },
    ],
  });
}

function echoedId(response: Response, requestId: string): string {
  return response.headers.get("x-request-id") ?? requestId;
}
