import { randomUUID } from "node:crypto";
import { OptionalProps } from "@mikro-orm/core";
import { Check, Entity, Enum, Index, Property } from "@mikro-orm/decorators/legacy";
import { Field, Int, InterfaceType } from "type-graphql";
import { Node } from "../../graphql/node.js";
import { IdField } from "../../shared/id-field.js";
import { TimestampField } from "../../shared/timestamp-field.js";
import { HolderKind } from "./holder-kind.js";

/** The GraphQL type of a holder: a user or a group email. */
export function holderTypeName(holder: { kind: HolderKind }): "User" | "GroupEmail" {
  return holder.kind === HolderKind.USER ? "User" : "GroupEmail";
}

/**
 * An email address that can hold keys and be a collaborator: a User or a GroupEmail.
 * Both live in one `holder` table (single-table inheritance, discriminated by `kind`),
 * so a key or a collaboration points at one foreign key and emails are unique across both.
 */
@Entity({
  tableName: "holder",
  abstract: true,
  discriminatorColumn: "kind",
  discriminatorMap: { USER: "User", GROUP: "GroupEmail" },
})
@Check({
  name: "holder_email_normalised",
  expression: "email = lower(btrim(email)) and email ~ '^[^@[:space:]]+@[^@[:space:]]+$'",
})
@Check({
  name: "holder_user_fields",
  expression:
    "(kind = 'USER') = (status is not null) and (departed_at is null or status = 'DEPARTED') and (status <> 'DEPARTED' or departed_at is not null)",
})
@Check({
  name: "holder_group_fields",
  expression: "kind = 'USER' or (console_role is null and password_hash is null and locked_until is null)",
})
@Index({ name: "holder_kind_email_idx", properties: ["kind", "email"] })
@Index({
  name: "holder_email_trgm_idx",
  expression: "create index holder_email_trgm_idx on holder using gin (email gin_trgm_ops)",
})
// Every suffix of the email and the lower-cased name, for the holders search (`holder.search.ts`).
@Index({
  name: "holder_search_idx",
  expression:
    "create index holder_search_idx on holder using gin (holder_search_terms(email, name)) with (fastupdate = off)",
})
// The email order with the name and the id, which a holders search walks without reading rows.
@Index({
  name: "holder_email_name_idx",
  expression: `create index "holder_email_name_idx" on "holder" ("email") include ("name", "id")`,
})
// The ids of each kind, which a keys page filtered by holder kind probes from the index alone
// (see Migration20261205181000_holder_ids_by_kind).
@Index({
  name: "holder_group_ids_idx",
  expression: `create index "holder_group_ids_idx" on "holder" ("id") where kind = 'GROUP'`,
})
@Index({
  name: "holder_user_ids_idx",
  expression: `create index "holder_user_ids_idx" on "holder" ("id") where kind = 'USER'`,
})
// The ids with the email and the name: a holders search samples them, and a keys search asks a
// key's holder's email, without reading rows (Migration20261206000000_holder_id_email_name).
@Index({
  name: "holder_id_email_name_idx",
  expression: `create index "holder_id_email_name_idx" on "holder" ("id") include ("email", "name")`,
})
@InterfaceType("Holder", {
  implements: Node,
  description: "An email address that can hold keys and be a collaborator on services.",
  resolveType: holderTypeName,
})
export abstract class Holder {
  [OptionalProps]?: "kind" | "createdAt" | "updatedAt" | "version" | "status" | "failedSignIns";

  @IdField("The holder's id.")
  id: string = randomUUID();

  @Field(() => HolderKind, { description: "USER or GROUP." })
  @Enum({ items: () => HolderKind, length: 8 })
  kind!: HolderKind;

  @Field({ description: "Lower-cased, trimmed email address; unique across users and group emails." })
  @Property({ length: 254, unique: "holder_email_key" })
  email!: string;

  @Field({ description: "A display name." })
  @Property({ length: 200 })
  name!: string;

  @TimestampField("When the holder was added.", { defaultNow: true })
  createdAt: Date = new Date();

  @Field({ description: "When the holder last changed." })
  @Property({ type: "datetime", length: 3, defaultRaw: "now()", onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Field(() => Int, { description: "Optimistic-locking version: send it back when updating." })
  @Property({ version: true })
  version!: number;
}
