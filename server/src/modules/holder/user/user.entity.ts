import { Entity, Enum, Index, Property } from "@mikro-orm/decorators/legacy";
import { Field, ObjectType } from "type-graphql";
import { Node } from "../../../graphql/node.js";
import { Role } from "../../../shared/role.js";
import { TimestampField } from "../../../shared/timestamp-field.js";
import { Holder } from "../holder.entity.js";
import { HolderKind } from "../holder-kind.js";
import { UserStatus } from "./user-status.js";

/**
 * Which holders are active ADMINs, as SQL on `holder`'s own columns: the predicate of
 * `holder_active_admin_idx`, written the same wherever they are read so that the index answers.
 */
export const ACTIVE_ADMIN = "console_role = 'ADMIN' and status = 'ACTIVE'";

/** A member of staff. Becomes DEPARTED only through offboarding. */
@Entity({ discriminatorValue: HolderKind.USER })
@Index({ name: "holder_status_email_idx", properties: ["status", "email"] })
// The departed users, which the risks overview asks each newest key's holder about (see
// Migration20261205070200_holder_departed).
@Index({
  name: "holder_departed_idx",
  expression: `create index "holder_departed_idx" on "holder" ("id") where kind = 'USER' and status = 'DEPARTED'`,
})
// The active ADMINs, whom notices copy and an offboarding must not remove the last of (see
// Migration20261205113000_holder_active_admins).
@Index({
  name: "holder_active_admin_idx",
  expression: `create index "holder_active_admin_idx" on "holder" ("email") where ${ACTIVE_ADMIN}`,
})
@ObjectType("User", { implements: [Holder, Node], simpleResolvers: true, description: "A member of staff." })
export class User extends Holder {
  override kind = HolderKind.USER;

  @Field(() => UserStatus, { description: "ACTIVE, or DEPARTED once offboarded." })
  @Enum({ items: () => UserStatus, nullable: true, default: null, length: 8 })
  status: UserStatus = UserStatus.ACTIVE;

  @TimestampField("When the user was offboarded; null while active.", { nullable: true })
  departedAt: Date | null = null;

  /** The console role, when this person may sign in to Keyholder at all. */
  @Enum({ items: () => Role, nullable: true, default: null, length: 8 })
  consoleRole: Role | null = null;

  /** argon2id hash; null until a password is set. Never exposed through the API. */
  @Property({ type: "text", nullable: true, lazy: true })
  passwordHash: string | null = null;

  /** Consecutive failed sign-ins since the last success; drives the growing lockout. */
  @Property({ type: "int", default: 0 })
  failedSignIns = 0;

  @Property({ type: "datetime", length: 3, nullable: true })
  lockedUntil: Date | null = null;
}
