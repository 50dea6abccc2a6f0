import { type ColumnsAt, date, instance, positionsIn, type Row, valueAt } from "../../shared/read-model.js";
import { GroupEmail } from "./group-email/group-email.entity.js";
import type { Holder } from "./holder.entity.js";
import { HolderKind } from "./holder-kind.js";
import { User } from "./user/user.entity.js";

const HOLDER_COLUMNS = [
  "id",
  "kind",
  "email",
  "name",
  "created_at",
  "updated_at",
  "version",
  "status",
  "departed_at",
  "description",
  "console_role",
  "locked_until",
] as const;

export type HolderColumn = (typeof HOLDER_COLUMNS)[number];

/**
 * The fields of a holder a list reads from its brief columns (`holderColumnList(true)`): a list
 * whose caller asks for no other field of its holders reads only these.
 */
export const HOLDER_BRIEF_FIELDS: ReadonlySet<string> = new Set([
  "__typename",
  "id",
  "kind",
  "email",
  "name",
  "status",
]);
const HOLDER_BRIEF_COLUMNS: readonly HolderColumn[] = ["id", "kind", "email", "name", "status"];

/** The columns of `holder` a read model is made from: all of them, or the brief ones (`HOLDER_BRIEF_FIELDS`). */
export function holderColumnList(brief = false): readonly HolderColumn[] {
  return brief ? HOLDER_BRIEF_COLUMNS : HOLDER_COLUMNS;
}

/** Every column of `holder`, selected as `<alias>_<column>` for `holderFromRow`. */
export function holderColumns(alias: string): string {
  return HOLDER_COLUMNS.map((c) => `${alias}.${c} as ${aliased(alias)[c]}`).join(", ");
}

/**
 * Each column's `<alias>_<column>` name, made once per alias: reading a row by a name built per
 * read cost a string concatenation and a string-table lookup per column and row (11 per key of a
 * keys page).
 */
const aliasedNames = new Map<string, Record<HolderColumn, string>>();
function aliased(alias: string): Record<HolderColumn, string> {
  let names = aliasedNames.get(alias);
  if (!names) {
    names = Object.fromEntries(HOLDER_COLUMNS.map((c) => [c, `${alias}_${c}`])) as Record<HolderColumn, string>;
    aliasedNames.set(alias, names);
  }
  return names;
}

/** `holderColumnsAt`'s answers, by offset and brevity: a page asks the same one on every request. */
const columnsAt = new Map<string, ColumnsAt<HolderColumn>>();

/** Where the holder's columns are in a row by position holding `holderColumnList(brief)` from `offset` on. */
export function holderColumnsAt(offset: number, brief = false): ColumnsAt<HolderColumn> {
  const key = `${offset}:${brief}`;
  let at = columnsAt.get(key);
  if (!at) {
    at = positionsIn(HOLDER_COLUMNS, holderColumnList(brief), offset);
    columnsAt.set(key, at);
  }
  return at;
}

/**
 * A User or GroupEmail read model from a row of the holder's columns (`holderColumnList(brief)`),
 * by name (`at` the alias of `holderColumns(alias)`) or by position (`at` from `holderColumnsAt`);
 * a brief one holds only the fields of `HOLDER_BRIEF_FIELDS` (the caller reads no other).
 */
export function holderFromRow(row: Row, at: string | ColumnsAt<HolderColumn>, brief = false): Holder {
  const c = typeof at === "string" ? aliased(at) : at;
  const kind = valueAt(row, c.kind);
  const id = valueAt(row, c.id) as string;
  const email = valueAt(row, c.email) as string;
  const name = valueAt(row, c.name) as string;
  if (brief) {
    return kind === HolderKind.USER
      ? instance(User, { id, email, name, kind: HolderKind.USER, status: valueAt(row, c.status) as User["status"] })
      : instance(GroupEmail, { id, email, name, kind: HolderKind.GROUP });
  }
  const common = {
    id,
    email,
    name,
    createdAt: date(valueAt(row, c.created_at)) as Date,
    updatedAt: date(valueAt(row, c.updated_at)) as Date,
    version: Number(valueAt(row, c.version)),
  };
  if (kind === HolderKind.USER) {
    return instance(User, {
      ...common,
      kind: HolderKind.USER,
      status: valueAt(row, c.status) as User["status"],
      departedAt: date(valueAt(row, c.departed_at)),
      consoleRole: (valueAt(row, c.console_role) as User["consoleRole"]) ?? null,
      lockedUntil: date(valueAt(row, c.locked_until)),
    });
  }
  return instance(GroupEmail, {
    ...common,
    kind: HolderKind.GROUP,
    description: (valueAt(row, c.description) as string) ?? null,
  });
}
