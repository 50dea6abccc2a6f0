import { DomainError, ErrorCode } from "./errors.js";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** What a caller asks for: up to `first` items after the opaque `after` cursor. */
export interface PageRequest {
  first?: number | null;
  after?: string | null;
}

/** One page of a stable, keyset-ordered list. `totalCount` runs its query only when asked. */
export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  cursorOf: (node: T) => string;
  totalCount: () => Promise<number>;
}

/** Validates the requested page size. */
export function pageSize(request: PageRequest): number {
  const first = request.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new DomainError(ErrorCode.INVALID_PAGE_SIZE, `first must be between 0 and ${MAX_PAGE_SIZE}.`, "first");
  }
  return first;
}

/** Encodes the sort key of a row, tagged with its list, as an opaque cursor. */
export function encodeCursor(list: string, values: (string | number)[]): string {
  return Buffer.from(JSON.stringify([list, ...values])).toString("base64url");
}

/**
 * Decodes a cursor made by `encodeCursor`, checking it has the expected shape; a cursor from
 * another list or a tampered one is a clear INVALID_CURSOR, never a database error.
 */
export function decodeCursor(list: string, cursor: string, shape: ("string" | "date" | "uuid")[]): string[] {
  let tagged: unknown;
  try {
    tagged = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    tagged = null;
  }
  const values = Array.isArray(tagged) && tagged[0] === list ? tagged.slice(1) : null;
  const valid =
    Array.isArray(values) &&
    values.length === shape.length &&
    values.every((v, i) => {
      if (typeof v !== "string" || v.length > 512) return false;
      if (shape[i] === "date") return !Number.isNaN(Date.parse(v));
      if (shape[i] === "uuid") return /^[0-9a-f-]{36}$/i.test(v);
      return true;
    });
  if (!valid) throw new DomainError(ErrorCode.INVALID_CURSOR, "after is not a cursor of this list.", "after");
  return values as string[];
}

/** Builds a page from up to `size + 1` fetched rows (the extra row only says there is more). */
export function toPage<T>(
  rows: T[],
  size: number,
  request: PageRequest,
  cursorOf: (node: T) => string,
  count: () => Promise<number>,
): Page<T> {
  let memo: Promise<number> | undefined;
  return {
    nodes: rows.slice(0, size),
    hasNextPage: rows.length > size,
    hasPreviousPage: Boolean(request.after),
    cursorOf,
    totalCount: () => {
      memo ??= count();
      return memo;
    },
  };
}
