import { date, instance } from "../../shared/read-model.js";
import { GroupEmail } from "./group-email/group-email.entity.js";
import type { Holder } from "./holder.entity.js";
import { HolderKind } from "./holder-kind.js";
import { User } from "./user/user.entity.js";

/** Columns of `holder` selected as `<alias>_<column>` for `holderFromRow`. */
export function holderColumns(alias: string): string {
  return [
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
  ]
    .map((c) => `${alias}.${c} as ${alias}_${c}`)
    .join(", ");
}

/** A User or GroupEmail read model from columns selected with `holderColumns(alias)`. */
export function holderFromRow(row: Record<string, unknown>, alias: string): Holder {
  const get = (c: string) => row[`${alias}_${c}`];
  const common = {
    id: get("id") as string,
    email: get("email") as string,
    name: get("name") as string,
    createdAt: date(get("created_at")) as Date,
    updatedAt: date(get("updated_at")) as Date,
    version: Number(get("version")),
  };
  if (get("kind") === HolderKind.USER) {
    return instance(User, {
      ...common,
      kind: HolderKind.USER,
      status: get("status") as User["status"],
      departedAt: date(get("departed_at")),
      consoleRole: (get("console_role") as User["consoleRole"]) ?? null,
    });
  }
  return instance(GroupEmail, {
    ...common,
    kind: HolderKind.GROUP,
    description: (get("description") as string) ?? null,
  });
}
