import { DomainError, ErrorCode } from "./errors.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks that an id is a UUID before it reaches SQL; returns it lower-cased. */
export function parseId(id: string, field = "id"): string {
  if (!UUID.test(id)) throw new DomainError(ErrorCode.INVALID_ID, `${field} is not a valid id.`, field);
  return id.toLowerCase();
}
