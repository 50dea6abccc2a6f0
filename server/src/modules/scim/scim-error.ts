import { DomainError, ErrorCode } from "../../shared/errors.js";

/** RFC 7644 §3.12 `scimType` values Keyholder answers with. */
export type ScimType =
  | "invalidFilter"
  | "invalidSyntax"
  | "invalidPath"
  | "invalidValue"
  | "uniqueness"
  | "mutability"
  | "noTarget"
  | "tooMany";

export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

/** A refusal answered with a SCIM error body: status, scimType and a detail safe to show. */
export class ScimError extends Error {
  override name = "ScimError";

  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
  }

  body() {
    return {
      schemas: [SCIM_ERROR_SCHEMA],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.detail,
    };
  }
}

const NOT_FOUND = new Set<ErrorCode>([
  ErrorCode.NOT_FOUND,
  ErrorCode.USER_NOT_FOUND,
  ErrorCode.GROUP_NOT_FOUND,
  ErrorCode.HOLDER_NOT_FOUND,
]);

/** A domain error from a Keyholder service, as SCIM answers it (its message is already safe). */
export function scimErrorOf(error: DomainError): ScimError {
  if (error.code === ErrorCode.EMAIL_TAKEN) return new ScimError(409, error.message, "uniqueness");
  if (NOT_FOUND.has(error.code)) return new ScimError(404, error.message);
  if (error.code === ErrorCode.VERSION_CONFLICT) return new ScimError(409, error.message);
  if (error.code === ErrorCode.USER_DEPARTED) return new ScimError(400, error.message, "mutability");
  if (error.code === ErrorCode.FORBIDDEN) return new ScimError(403, error.message);
  if (error.code === ErrorCode.SERVICE_BUSY || error.code === ErrorCode.DATABASE_UNAVAILABLE) {
    return new ScimError(503, error.message);
  }
  return new ScimError(400, error.message, "invalidValue");
}
