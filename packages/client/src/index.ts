export { KeyholderClient } from "./client.js";
export * from "./documents/access-tokens.graphql.js";
export * from "./documents/api-keys.graphql.js";
export * from "./documents/audit.graphql.js";
export * from "./documents/directory.graphql.js";
export * from "./documents/import.graphql.js";
export * from "./documents/keys.graphql.js";
export * from "./documents/offboarding.graphql.js";
export * from "./documents/reassignment.graphql.js";
export {
  isKeyholderError,
  KeyholderError,
  type KeyholderErrorCode,
  type KeyholderErrorInit,
  type KeyholderErrorSource,
  type KeyholderIssue,
  type RequestErrorCode,
  type TransportErrorCode,
} from "./errors.js";
export {
  type Environment,
  type ErrorCode,
  graphql,
  type ResultOf,
  type TadaDocumentNode,
  type VariablesOf,
  type VerifyReason,
} from "./graphql.js";
export { idempotencyKeyOf } from "./idempotency.js";
export { LEAVER_COLUMNS, type LeaverRow, LeaversFileError, leaverIdempotencyKey, parseLeaversCsv } from "./leavers.js";
export type {
  ApiKeysOptions,
  CallOptions,
  ExportKeysOptions,
  KeyholderClientOptions,
  KeysPageOptions,
  ListOptions,
  RequestOptions,
} from "./options.js";
export type { Connection, NodeOf, PageVariables } from "./paginate.js";
export type { RetryOptions } from "./retry.js";
export type * from "./types.js";
