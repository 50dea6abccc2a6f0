import { z } from "zod";
import { normaliseEmail } from "./email.js";
import { ErrorCode, type Issue, ValidationError } from "./errors.js";
import { isId } from "./ids.js";
import { hasUnstorableCharacters } from "./text.js";

/**
 * A zod error message that carries its stable code: zod 4 checks take only a message, so the
 * code travels in front of it and `parseInput` splits it off again.
 */
export function e(code: ErrorCode, message: string): string {
  return `${code}:${message}`;
}

/**
 * A string a text column can store: no NUL character, no unpaired surrogate (`INVALID_TEXT`).
 * The GraphQL executor refuses such text in any argument already; this keeps every other
 * caller of a service (the CLI, a job) to the same rule.
 */
export const storableString = () =>
  z.string().refine((s) => !hasUnstorableCharacters(s), {
    error: e(ErrorCode.INVALID_TEXT, "must not contain NUL characters or unpaired surrogates"),
  });

/** A trimmed, required line of text with a maximum length. */
export const text = (max: number) =>
  storableString()
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(1, { error: e(ErrorCode.REQUIRED, "must not be blank") })
        .max(max, { error: e(ErrorCode.TOO_LONG, `must be at most ${max} characters`) }),
    );

/** Optional free text: blank becomes null. */
export const optionalText = (max: number) =>
  storableString()
    .max(max, { error: e(ErrorCode.TOO_LONG, `must be at most ${max} characters`) })
    .nullish()
    .transform((s) => (s == null || s.trim() === "" ? null : s.trim()));

const EMAIL =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** An email address: trimmed and lower-cased, then checked. */
export const email = storableString()
  .transform(normaliseEmail)
  .pipe(
    z
      .string()
      .max(254, { error: e(ErrorCode.TOO_LONG, "must be at most 254 characters") })
      .regex(EMAIL, { error: e(ErrorCode.INVALID_EMAIL, "is not a valid email address") }),
  );

/** A service slug: lower-case letters and digits in hyphen-separated words. */
export const slug = storableString()
  .transform((s) => s.trim())
  .pipe(
    z
      .string()
      .min(2, { error: e(ErrorCode.INVALID_SLUG, "must be at least 2 characters") })
      .max(63, { error: e(ErrorCode.TOO_LONG, "must be at most 63 characters") })
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
        error: e(ErrorCode.INVALID_SLUG, "must be lower-case letters and digits separated by single hyphens"),
      }),
  );

/** A record's id (a UUID), lower-cased; anything else is INVALID_ID, reported with the input's other problems. */
export const recordId = z
  .string()
  .refine(isId, { error: e(ErrorCode.INVALID_ID, "is not a valid id") })
  .transform((s) => s.toLowerCase());

/**
 * The path of an input field as a caller writes it: input names joined by dots, list positions
 * in brackets (`decisions[3].keyId`, `keyIds[0]`).
 */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** An optional reason for the audit trail. */
export const reason = optionalText(1000);

/** The expected version of a record, for optimistic locking. */
export const version = z
  .number()
  .int()
  .min(1, { error: e(ErrorCode.OUT_OF_RANGE, "must be a version read from the API") });

/**
 * Parses input with a zod schema; on failure throws one ValidationError listing every problem
 * with its field and stable code, so a caller can fix them all at once.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: Issue[] = result.error.issues.map((issue) => {
    const field = fieldPath(issue.path);
    const split = /^([A-Z_]+):(.*)$/.exec(issue.message);
    const code = split?.[1] && split[1] in ErrorCode ? (split[1] as ErrorCode) : ErrorCode.BAD_USER_INPUT;
    const message = split?.[2] ?? issue.message;
    return { ...(field ? { field } : {}), code, message: field ? `${field} ${message}.` : `${message}.` };
  });
  throw new ValidationError(issues);
}
