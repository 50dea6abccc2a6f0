import { DomainError, ErrorCode } from "./errors.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` has the shape of a Keyholder id (a UUID). */
export function isId(id: string): boolean {
  return UUID.test(id);
}

/** Checks that an id is a UUID before it reaches SQL; returns it lower-cased. */
export function parseId(id: string, field = "id"): string {
  if (!isId(id)) throw new DomainError(ErrorCode.INVALID_ID, `${field} is not a valid id.`, field);
  return id.toLowerCase();
}
