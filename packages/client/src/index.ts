export { KeyholderClient } from "./client.js";
export * from "./documents/index.js";
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
// The rule by which inventory files (one JSON bundle, or CSVs named after their kind) become the import's input.
export { type ImportFiles, importFilesOf, type PickedFile } from "./graphql.js";
export { idempotencyKeyOf } from "./idempotency.js";
export { LEAVER_COLUMNS, type LeaverRow, LeaversFileError, leaverIdempotencyKey, parseLeaversCsv } from "./leavers.js";
export type * from "./options.js";
export type { Connection, NodeOf, PageVariables } from "./paginate.js";
export type { RetryOptions } from "./retry.js";
export type * from "./types.js";
