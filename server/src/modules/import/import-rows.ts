import { z } from "zod";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { ErrorCode } from "../../shared/errors.js";
import { e, email, slug, storableString, text } from "../../shared/validation.js";
import { Environment } from "../api-key/environment.js";
import { UserStatus } from "../holder/user/user-status.js";
import { ImportKind } from "./import-kind.js";

/** An ISO 8601 time with a zone (`2024-03-01T09:00:00Z`) or a date (`2024-03-01`, midnight UTC). */
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * Whether the calendar date and clock time exist (no 30 February, no 25:00, no year 0): `Date`
 * would roll them over.
 */
function isRealDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split("-").map(Number) as [number, number, number];
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const [hours, minutes, seconds] = (text.slice(11, 19).match(/\d{2}/g) ?? []).map(Number);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= days &&
    (hours ?? 0) < 24 &&
    (minutes ?? 0) < 60 &&
    (seconds ?? 0) < 60 &&
    !Number.isNaN(new Date(text).getTime()) &&
    // PostgreSQL has no year 0: `0000-…`, or `0001-01-01T00:30+01:00` in UTC, would fail the apply.
    new Date(text).getUTCFullYear() >= 1
  );
}

const date = storableString()
  .transform((s) => s.trim())
  .pipe(
    z
      .string()
      .regex(DATE, { error: e(ErrorCode.INVALID_DATE, "must be an ISO 8601 date or time with a zone") })
      .refine(isRealDate, { error: e(ErrorCode.INVALID_DATE, "is not a real date") })
      .transform((s) => new Date(s)),
  );

const optionalDate = date.nullish().transform((d) => d ?? null);

const oneOf = <T extends string>(values: readonly T[], code: ErrorCode) =>
  storableString()
    .transform((s) => s.trim().toUpperCase())
    .pipe(z.enum(values as [T, ...T[]], { error: e(code, `must be one of ${values.join(", ")}`) }));

/** A key's display prefix: printable ASCII without spaces, as the source system shows it. */
const prefix = storableString()
  .transform((s) => s.trim())
  .pipe(
    z
      .string()
      .max(32, { error: e(ErrorCode.TOO_LONG, "must be at most 32 characters") })
      .regex(/^[\x21-\x7e]*$/, { error: e(ErrorCode.INVALID_TEXT, "must be printable ASCII without spaces") }),
  )
  .nullish()
  .transform((s) => s || null);

const digest = storableString()
  .transform((s) => s.trim())
  .pipe(
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, { error: e(ErrorCode.INVALID_DIGEST, "must be a SHA-256 digest: 64 hex digits") })
      .transform((s) => s.toLowerCase()),
  )
  .nullish()
  .transform((s) => s ?? null);

/** Shortest display prefix a verifiable imported key may have (see ADR 0010). */
export const MIN_IMPORTED_PREFIX = 4;

const user = z
  .strictObject({
    email,
    name: text(200),
    status: oneOf(Object.values(UserStatus), ErrorCode.INVALID_STATUS),
    departedAt: optionalDate,
  })
  .superRefine((row, issues) => {
    if (row.status === UserStatus.DEPARTED && !row.departedAt)
      issues.addIssue({
        code: "custom",
        path: ["departedAt"],
        message: e(ErrorCode.REQUIRED, "is required for a departed user"),
      });
    if (row.status === UserStatus.ACTIVE && row.departedAt)
      issues.addIssue({
        code: "custom",
        path: ["departedAt"],
        message: e(ErrorCode.OUT_OF_RANGE, "must be empty for an active user"),
      });
  });

const groupEmail = z.strictObject({
  email,
  name: text(200),
  members: z
    .array(email, { error: e(ErrorCode.BAD_USER_INPUT, "must be a list of emails") })
    .max(10_000)
    .default([]),
});

const service = z.strictObject({ slug, name: text(200) });

const collaborator = z.strictObject({
  service: slug,
  holder: email,
  role: oneOf(Object.values(CollaboratorRole), ErrorCode.INVALID_ROLE),
});

const key = z
  .strictObject({
    name: text(200),
    environment: oneOf(Object.values(Environment), ErrorCode.INVALID_ENVIRONMENT),
    holder: email,
    secretSha256: digest,
    prefix,
    createdAt: optionalDate,
    expiresAt: optionalDate,
    lastUsedAt: optionalDate,
  })
  .superRefine((row, issues) => {
    // Without a display prefix the verifier could not tell this key's secret from random text.
    if (row.secretSha256 && (row.prefix?.length ?? 0) < MIN_IMPORTED_PREFIX)
      issues.addIssue({
        code: "custom",
        path: ["prefix"],
        message: e(ErrorCode.REQUIRED, `of at least ${MIN_IMPORTED_PREFIX} characters is required with secretSha256`),
      });
    if (row.createdAt && row.lastUsedAt && row.lastUsedAt < row.createdAt)
      issues.addIssue({
        code: "custom",
        path: ["lastUsedAt"],
        message: e(ErrorCode.OUT_OF_RANGE, "must not be before createdAt"),
      });
  });

/** Each kind's row schema: what a valid row becomes. */
export const ROW_SCHEMAS = {
  [ImportKind.USER]: user,
  [ImportKind.GROUP_EMAIL]: groupEmail,
  [ImportKind.SERVICE]: service,
  [ImportKind.COLLABORATOR]: collaborator,
  [ImportKind.KEY]: key,
} as const;

export type UserRow = z.output<typeof user>;
export type GroupEmailRow = z.output<typeof groupEmail>;
export type ServiceRow = z.output<typeof service>;
export type CollaboratorRow = z.output<typeof collaborator>;
export type KeyRow = z.output<typeof key>;
