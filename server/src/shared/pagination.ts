import { DomainError, ErrorCode } from "./errors.js";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/**
 * What a caller asks for: up to `first` items after the opaque `after` cursor (forward), or up to
 * `last` items before the `before` cursor (backward). One direction per request.
 */
export interface PageRequest {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** One page of a stable, keyset-ordered list. `totalCount` runs its query only when asked. */
export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  cursorOf: (node: T) => string;
  totalCount: () => Promise<number>;
}

/** A checked page request: how many rows, which way, and from where. */
export interface PageWindow {
  size: number;
  /**
   * Paging backward (`last`/`before`): a repository fetches in the reverse of the list's order,
   * from the cursor (or from the end), and `toPage` turns the rows back.
   */
  backward: boolean;
  /** The cursor to start from, or null for the first (or, backward, the last) page. */
  cursor: string | null;
  /** The argument the cursor came from, named in an INVALID_CURSOR. */
  cursorArg: "after" | "before";
}

/**
 * Checks a request and says which way it pages. `first`/`after` page forward and `last`/`before`
 * backward; mixing the two (which the Relay spec discourages) is refused: `first` with `last` is
 * INVALID_PAGE_SIZE, a cursor of the other direction INVALID_CURSOR.
 */
function pageWindow(request: PageRequest): PageWindow {
  const backward = request.last != null || request.before != null;
  if (request.first != null && request.last != null) {
    throw new DomainError(ErrorCode.INVALID_PAGE_SIZE, "Pass first or last, not both.", "last");
  }
  if (backward && request.after != null) {
    throw new DomainError(
      ErrorCode.INVALID_CURSOR,
      "after pages forward: pass it with first, not last or before.",
      "after",
    );
  }
  if (backward && request.first != null) {
    throw new DomainError(ErrorCode.INVALID_CURSOR, "before pages backward: pass it with last, not first.", "before");
  }
  const arg = backward ? "last" : "first";
  const size = (backward ? request.last : request.first) ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw new DomainError(ErrorCode.INVALID_PAGE_SIZE, `${arg} must be between 0 and ${MAX_PAGE_SIZE}.`, arg);
  }
  return {
    size,
    backward,
    // An empty cursor is no cursor, as Relay clients send it for "from the start".
    cursor: (backward ? request.before : request.after) || null,
    cursorArg: backward ? "before" : "after",
  };
}

/** Just the four page arguments of a request (say, of a GraphQL args object), to key and pass on. */
export function pageArgs(request: PageRequest): Required<PageRequest> {
  return {
    first: request.first ?? null,
    after: request.after ?? null,
    last: request.last ?? null,
    before: request.before ?? null,
  };
}

/** The INVALID_CURSOR error for a cursor given as `arg`. */
function invalidCursor(arg: "after" | "before" = "after"): DomainError {
  return new DomainError(ErrorCode.INVALID_CURSOR, `${arg} is not a cursor of this list.`, arg);
}

/** Encodes the sort key of a row, tagged with its list, as an opaque cursor. */
function encodeCursor(list: string, values: (string | number)[]): string {
  return Buffer.from(JSON.stringify([list, ...values])).toString("base64url");
}

/** An instant as cursors write it: `toISOString()`, or with microseconds where PostgreSQL's precision orders the list. */
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})(\d{3})?Z$/;

function isCursorInstant(v: string): boolean {
  const ms = ISO_INSTANT.exec(v)?.[1];
  return ms !== undefined && new Date(`${ms}Z`).toISOString() === `${ms}Z`;
}

/** What a cursor value must look like: any text, an ISO instant, or a UUID. */
export type CursorValue = "string" | "date" | "uuid";

/**
 * Decodes a cursor made by `encodeCursor`, checking it has the expected shape; a cursor from
 * another list or a tampered one is a clear INVALID_CURSOR (naming `arg`), never a database error.
 */
function decodeCursor(list: string, cursor: string, shape: CursorValue[], arg: "after" | "before" = "after"): string[] {
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
      // PostgreSQL text cannot hold NUL: binding one is a database error, not a refusal.
      if (typeof v !== "string" || v.length > 512 || v.includes("\u0000")) return false;
      // Cursors hold ISO instants; Date.parse reads more ("1", "March 7") than PostgreSQL does.
      if (shape[i] === "date") return isCursorInstant(v);
      if (shape[i] === "uuid") return /^[0-9a-f-]{36}$/i.test(v);
      return true;
    });
  if (!valid) throw invalidCursor(arg);
  return values as string[];
}

/**
 * The keyset comparison and sort direction of a window over a list sorted `ascending` (or not):
 * forward walks the list's order from after the cursor, backward walks it reversed from before.
 */
function keysetOf(window: PageWindow, ascending: boolean): { op: "<" | ">"; dir: "asc" | "desc" } {
  const up = ascending !== window.backward;
  return { op: up ? ">" : "<", dir: up ? "asc" : "desc" };
}

/**
 * Builds a page from up to `size + 1` fetched rows (the extra row only says there is more). Rows
 * of a backward request come in reverse order: the page turns them back, and the extra row then
 * says there is a previous page. As the Relay spec allows, the other direction's flag says only
 * whether a cursor was given (a page from a cursor has rows on the cursor's side).
 */
function toPage<T>(
  rows: T[],
  size: number,
  request: PageRequest,
  cursorOf: (node: T) => string,
  count: () => Promise<number>,
): Page<T> {
  let memo: Promise<number> | undefined;
  const backward = request.last != null || request.before != null;
  const more = rows.length > size;
  const nodes = rows.slice(0, size);
  return {
    nodes: backward ? nodes.reverse() : nodes,
    hasNextPage: backward ? Boolean(request.before) : more,
    hasPreviousPage: backward ? more : Boolean(request.after),
    cursorOf,
    totalCount: () => {
      memo ??= count();
      return memo;
    },
  };
}

/**
 * One page request over one keyset-ordered list, as a query walks it: the checked window, the
 * comparison and direction that walk the list's order from the cursor (reversed for a backward
 * page), the cursor's values, and the page of the fetched rows with each row's cursor.
 */
export class Keyset {
  readonly window: PageWindow;
  /** The comparison that keeps the rows past the cursor. */
  readonly op: "<" | ">";
  /** The direction to fetch rows in. */
  readonly dir: "asc" | "desc";

  /** `list` names the list in its cursors; `ascending` says which way the list itself is sorted. */
  constructor(
    readonly list: string,
    private readonly request: PageRequest,
    ascending: boolean,
  ) {
    this.window = pageWindow(request);
    ({ op: this.op, dir: this.dir } = keysetOf(this.window, ascending));
  }

  /** How many rows to fetch: the page's and one more, which only says there is more. */
  get limit(): number {
    return this.window.size + 1;
  }

  /** The cursor's values, checked to be of `shape`; null when the page starts at an end of the list. */
  cursor<const S extends readonly CursorValue[]>(shape: S): { [K in keyof S]: string } | null {
    const { cursor, cursorArg } = this.window;
    return cursor === null
      ? null
      : (decodeCursor(this.list, cursor, [...shape], cursorArg) as { [K in keyof S]: string });
  }

  /** INVALID_CURSOR, for a cursor whose values have the right shape but are not this list's. */
  invalidCursor(): DomainError {
    return invalidCursor(this.window.cursorArg);
  }

  /** The page of the fetched `rows` (up to `limit`), each node's cursor holding `keyOf(node)`. */
  page<T>(rows: T[], keyOf: (node: T) => (string | number)[], count: () => Promise<number>): Page<T> {
    return toPage(rows, this.window.size, this.request, (node) => encodeCursor(this.list, keyOf(node)), count);
  }
}
