import { randomUUID } from "node:crypto";
import { OptionalProps, type Rel } from "@mikro-orm/core";
import { Entity, Index, ManyToOne, PrimaryKey, Property } from "@mikro-orm/decorators/legacy";
import { User } from "../holder/user/user.entity.js";

/**
 * A console sign-in. The browser holds a random token in an httpOnly cookie; only its SHA-256
 * digest is stored. A session ends on sign-out, after an idle period, at its absolute expiry,
 * on a password change, or when its user departs.
 */
@Entity({ tableName: "session" })
@Index({ name: "session_user_idx", properties: ["user", "endedAt"] })
export class Session {
  [OptionalProps]?: "createdAt" | "lastSeenAt" | "endedAt" | "endReason";

  @PrimaryKey({ type: "uuid" })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: "cascade" })
  user!: Rel<User>;

  @Property({ length: 64, unique: "session_digest_key" })
  digest!: string;

  @Property({ type: "datetime", length: 3, defaultRaw: "now()" })
  createdAt: Date = new Date();

  @Property({ type: "datetime", length: 3, defaultRaw: "now()" })
  lastSeenAt: Date = new Date();

  /** The absolute end, however active the session is. */
  @Property({ type: "datetime", length: 3 })
  expiresAt!: Date;

  @Property({ type: "datetime", length: 3, nullable: true })
  endedAt: Date | null = null;

  @Property({ length: 32, nullable: true })
  endReason: string | null = null;
}
