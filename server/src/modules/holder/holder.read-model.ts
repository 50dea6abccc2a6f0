import { date, instance } from "../../shared/read-model.js";
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
] as const;

type HolderColumn = (typeof HOLDER_COLUMNS)[number];

/** Columns of `holder` selected as `<alias>_<column>` for `holderFromRow`. */
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

/** A User or GroupEmail read model from columns selected with `holderColumns(alias)`. */
export function holderFromRow(row: Record<string, unknown>, alias: string): Holder {
  const c = aliased(alias);
  const common = {
    id: row[c.id] as string,
    email: row[c.email] as string,
    name: row[c.name] as string,
    createdAt: date(row[c.created_at]) as Date,
    updatedAt: date(row[c.updated_at]) as Date,
    version: Number(row[c.version]),
  };
  if (row[c.kind] === HolderKind.USER) {
    return instance(User, {
      ...common,
      kind: HolderKind.USER,
      status: row[c.status] as User["status"],
      departedAt: date(row[c.departed_at]),
      consoleRole: (row[c.console_role] as User["consoleRole"]) ?? null,
    });
  }
  return instance(GroupEmail, {
    ...common,
    kind: HolderKind.GROUP,
    description: (row[c.description] as string) ?? null,
  });
}
