import { randomUUID } from "node:crypto";
import { OptionalProps, type Rel } from "@mikro-orm/core";
import { Check, Entity, Enum, Index, ManyToOne, Property } from "@mikro-orm/decorators/legacy";
import { Field, ObjectType } from "type-graphql";
import { Node } from "../../graphql/node.js";
import { IdField } from "../../shared/id-field.js";
import { Role } from "../../shared/role.js";
import { TimestampField } from "../../shared/timestamp-field.js";
import { User } from "../holder/user/user.entity.js";

/**
 * A personal access token for scripts (`Authorization: Bearer khp_…`). It acts for its owner
 * with a role no higher than the owner's; only its SHA-256 digest is stored.
 */
@Entity({ tableName: "access_token" })
@Check({ name: "access_token_name_not_blank", expression: "length(btrim(name)) > 0" })
@Index({ name: "access_token_user_idx", properties: ["user", "createdAt"] })
// A token by its prefix (`khp_4Fq9…`), as the audit log's subject filter looks it up.
@Index({ name: "access_token_prefix_idx", properties: ["prefix"] })
@ObjectType("AccessToken", {
  implements: Node,
  description: "A personal access token. The secret itself is shown only once.",
})
export class AccessToken {
  [OptionalProps]?: "createdAt" | "lastUsedAt" | "revokedAt" | "revokedBy";

  @IdField("The token's id, for revoking it.")
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: "cascade" })
  user!: Rel<User>;

  @Field({ description: "What the token is for, as its owner named it." })
  @Property({ length: 100 })
  name!: string;

  @Field(() => Role, { description: "The most this token may do; its owner's current role caps it too." })
  @Enum({ items: () => Role, length: 8 })
  role!: Role;

  @Field({ description: "The public start of the token, e.g. `khp_4Fq9zX`." })
  @Property({ length: 32 })
  prefix!: string;

  @Property({ length: 64, unique: "access_token_digest_key" })
  digest!: string;

  @TimestampField("When the token was created.", { defaultNow: true })
  createdAt: Date = new Date();

  @TimestampField("When the token stops working; it cannot be extended.")
  expiresAt!: Date;

  @TimestampField("When the token last authenticated a request (to the minute); null if it never has.", {
    nullable: true,
  })
  lastUsedAt: Date | null = null;

  @TimestampField("When the token was revoked; null while it was not.", { nullable: true })
  revokedAt: Date | null = null;

  @ManyToOne(() => User, { nullable: true, deleteRule: "set null" })
  revokedBy: Rel<User> | null = null;
}
