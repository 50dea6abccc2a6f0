import { type Rel } from "@mikro-orm/core";
import { Entity, ManyToOne, PrimaryKey, Property, Unique } from "@mikro-orm/decorators/legacy";
import { User } from "../holder/user/user.entity.js";

/**
 * Which of the provider's subjects (`sub`) signed in to an account, written at its first sign-in
 * through that issuer. An account is then found by email only for that subject: someone else the
 * provider later asserts the same email for (an address handed to a new person, or typed in by a
 * guest) is refused instead of signed in as the account's owner.
 */
@Entity({ tableName: "oidc_identity" })
@Unique({ name: "oidc_identity_issuer_user_key", properties: ["issuer", "user"] })
export class OidcIdentity {
  @PrimaryKey({ type: "text" })
  issuer!: string;

  @PrimaryKey({ type: "text" })
  subject!: string;

  @ManyToOne(() => User, { deleteRule: "cascade" })
  user!: Rel<User>;

  @Property({ type: "datetime", length: 3 })
  linkedAt!: Date;
}
