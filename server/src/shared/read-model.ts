import { GroupEmail } from "../modules/holder/group-email/group-email.entity.js";
import type { Holder } from "../modules/holder/holder.entity.js";
import { HolderKind } from "../modules/holder/holder-kind.js";
import { User } from "../modules/holder/user/user.entity.js";

/**
 * Read models for the hot list paths. Building MikroORM entities (identity map, change-set
 * snapshots, references) cost most of a key page's CPU; a list that only reads needs none of
 * that. These make instances of the same classes (so GraphQL types and methods such as
 * `statusAt` work) straight from rows, unmanaged: never flush them, load entities to write.
 */
export function instance<T extends object>(type: { prototype: T }, fields: Partial<T>): T {
  // Own data properties, not assignment: the ORM puts accessors for relations on entity
  // prototypes, and going through them would start tracking the object.
  const descriptors: PropertyDescriptorMap = {};
  for (const key of Object.keys(fields)) {
    descriptors[key] = { value: fields[key as keyof T], writable: true, enumerable: true, configurable: true };
  }
  return Object.create(type.prototype, descriptors) as T;
}

/** A timestamp column as the driver returned it (Date or ISO text), or null. */
export function date(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

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

/** True when a relation holds a loaded record rather than an unloaded reference. */
export function isLoaded(related: object): boolean {
  return Reflect.get(related, "email") !== undefined || Reflect.get(related, "slug") !== undefined;
}
