import type { z } from "zod";
import { ErrorCode } from "../../shared/errors.js";
import { hasUnstorableCharacters } from "../../shared/text.js";
import type { RawRow } from "./import-file.js";
import { ImportKind } from "./import-kind.js";
import { ROW_SCHEMAS } from "./import-rows.js";

/** Why a row is refused: a stable code, the field at fault and a message. */
export type Refusal = { code: ErrorCode; field: string | null; message: string };

/** A row checked against its kind's schema: the valid value, or why it is refused (its first problem). */
export function validate(raw: RawRow): { value?: unknown; refusal?: Refusal } {
  if (raw.problem) return { refusal: { code: raw.problem.code, field: null, message: `Row ${raw.problem.message}` } };
  const result = (ROW_SCHEMAS[raw.kind] as z.ZodType).safeParse(raw.data ?? {});
  if (result.success) return { value: result.data };
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join(".") || null;
  const split = /^([A-Z_]+):(.*)$/.exec(issue?.message ?? "");
  const code = split?.[1] && split[1] in ErrorCode ? (split[1] as ErrorCode) : ErrorCode.BAD_USER_INPUT;
  const detail = split?.[2] ?? (issue?.code === "unrecognized_keys" ? "is not a known field" : "is not valid");
  const unknown = issue?.code === "unrecognized_keys" ? (issue.keys as string[]).join(", ") : null;
  return { refusal: { code, field: unknown ?? field, message: `${unknown ?? field ?? "Row"} ${detail}.` } };
}

/** What a row is known by in the results: its email, slug, role or key name (as written). */
export function label(raw: RawRow): string | null {
  const data = (raw.data ?? {}) as Record<string, unknown>;
  const parts = (
    raw.kind === ImportKind.COLLABORATOR
      ? ["service", "holder", "role"]
      : raw.kind === ImportKind.KEY
        ? ["name"]
        : raw.kind === ImportKind.SERVICE
          ? ["slug"]
          : ["email"]
  )
    .map((f) => data[f])
    .filter((v): v is string => typeof v === "string");
  const text = parts.join(" / ");
  return text && !hasUnstorableCharacters(text) ? text.slice(0, 300) : null;
}

/** What other rows refer to a row by: `holder:<email>` or `service:<slug>`. */
export function reference(raw: RawRow): string | null {
  const data = (raw.data ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase().slice(0, 254) : null);
  switch (raw.kind) {
    case ImportKind.USER:
    case ImportKind.GROUP_EMAIL:
      return text(data.email) && `holder:${text(data.email)}`;
    case ImportKind.SERVICE:
      return text(data.slug) && `service:${text(data.slug)}`;
    default:
      return null;
  }
}

export const duplicate = (field: string, message: string): Refusal => ({
  code: ErrorCode.DUPLICATE_ROW,
  field,
  message,
});
export const kindConflict = (field: string, message: string): Refusal => ({
  code: ErrorCode.HOLDER_KIND_CONFLICT,
  field,
  message: message.startsWith("is") ? `The email ${message}` : message,
});
export const referenceRefused = (field: string, ref: string): Refusal => ({
  code: ErrorCode.REFERENCE_REFUSED,
  field,
  message: `The row for ${ref} is refused, so this row cannot be imported either.`,
});
