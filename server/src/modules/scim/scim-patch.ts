import { ScimError } from "./scim-error.js";
import { SCIM } from "./scim-schemas.js";

/** One PATCH operation, its `op` lower-cased (Entra sends `Replace`, Okta `replace`). */
export interface PatchOperation {
  op: "add" | "remove" | "replace";
  path?: string;
  value?: unknown;
}

const MAX_OPERATIONS = 1000;

/** The operations of a PatchOp body (RFC 7644 §3.5.2), checked for shape. */
export function patchOperations(body: unknown): PatchOperation[] {
  const message = body as { schemas?: unknown; Operations?: unknown } | null;
  if (!message || typeof message !== "object" || !Array.isArray(message.Operations)) {
    throw new ScimError(400, `A PATCH body is a ${SCIM.patch} message with an Operations array.`, "invalidSyntax");
  }
  if (message.Operations.length === 0 || message.Operations.length > MAX_OPERATIONS) {
    throw new ScimError(400, `A PATCH holds 1 to ${MAX_OPERATIONS} operations.`, "invalidSyntax");
  }
  return message.Operations.map((raw, i) => {
    const operation = raw as { op?: unknown; path?: unknown; value?: unknown } | null;
    const op = typeof operation?.op === "string" ? operation.op.toLowerCase() : "";
    if (op !== "add" && op !== "remove" && op !== "replace") {
      throw new ScimError(400, `Operations[${i}].op must be add, remove or replace.`, "invalidSyntax");
    }
    if (operation?.path !== undefined && typeof operation.path !== "string") {
      throw new ScimError(400, `Operations[${i}].path must be a string.`, "invalidPath");
    }
    if (op !== "remove" && operation?.value === undefined) {
      throw new ScimError(400, `Operations[${i}] (${op}) needs a value.`, "invalidValue");
    }
    if (op === "remove" && !operation?.path) {
      throw new ScimError(400, `Operations[${i}] (remove) needs a path.`, "noTarget");
    }
    return { op, path: operation?.path as string | undefined, value: operation?.value };
  });
}

/**
 * A SCIM boolean: JSON `true`/`false`, or the strings `"True"`/`"False"` Entra sends in PATCH
 * values (any case).
 */
export function scimBoolean(value: unknown, attribute: string): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  throw new ScimError(400, `${attribute} must be a boolean.`, "invalidValue");
}

/** A SCIM string attribute's value, checked. */
export function scimString(value: unknown, attribute: string): string {
  if (typeof value !== "string") throw new ScimError(400, `${attribute} must be a string.`, "invalidValue");
  return value;
}

/** Strips the core schema's URN from an attribute path (`urn:…:User:active` is `active`). */
export function attributePath(path: string, coreSchema: string): string {
  const trimmed = path.trim();
  return trimmed.toLowerCase().startsWith(`${coreSchema.toLowerCase()}:`)
    ? trimmed.slice(coreSchema.length + 1)
    : trimmed;
}
