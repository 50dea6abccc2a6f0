import { randomUUID } from "node:crypto";
import { OptionalProps, type Rel } from "@mikro-orm/core";
import { Check, Entity, Enum, Index, ManyToOne, Property } from "@mikro-orm/decorators/legacy";
import { Field, ObjectType } from "type-graphql";
import { Node } from "../../graphql/node.js";
import { IdField } from "../../shared/id-field.js";
import { TimestampField } from "../../shared/timestamp-field.js";
import { User } from "../holder/user/user.entity.js";
import { LeaverCaseResolution } from "./leaver-case-resolution.js";

/**
 * A user the identity provider deactivated, waiting for an offboarding decision. Opened by SCIM
 * (`active: false` or DELETE); closed when the user is offboarded (a trigger on `holder`, so every
 * path that makes a user DEPARTED closes it in the same transaction) or reactivated. At most one
 * case per user is open.
 */
@Entity({ tableName: "leaver_case" })
@Check({
  name: "leaver_case_closed_fields",
  expression: "(closed_at is null) = (resolution is null)",
})
@Index({
  name: "leaver_case_open_user_key",
  expression: "create unique index leaver_case_open_user_key on leaver_case (user_id) where closed_at is null",
})
@Index({ name: "leaver_case_opened_idx", properties: ["openedAt", "id"] })
@ObjectType("LeaverCase", {
  implements: Node,
  description: "A user the identity provider deactivated: marked leaving, their offboarding waiting for a decision.",
})
export class LeaverCase {
  [OptionalProps]?: "closedAt" | "resolution" | "closedBy";

  @IdField("The case's id.")
  id: string = randomUUID();

  @Field(() => User, { description: "The user who is leaving." })
  @ManyToOne(() => User, { deleteRule: "cascade" })
  user!: Rel<User>;

  @TimestampField("When the identity provider deactivated the user.")
  openedAt!: Date;

  @Field({ description: "Who opened it: the SCIM client's label (`scim:<name>`)." })
  @Property({ length: 254 })
  openedBy!: string;

  @TimestampField("When the case was closed; null while open.", { nullable: true })
  closedAt: Date | null = null;

  @Field(() => String, {
    nullable: true,
    description: "Who closed it; null when an offboarding did (see the audit log).",
  })
  @Property({ length: 254, nullable: true })
  closedBy: string | null = null;

  @Field(() => LeaverCaseResolution, { nullable: true, description: "How the case was closed; null while open." })
  @Enum({ items: () => LeaverCaseResolution, length: 16, nullable: true })
  resolution: LeaverCaseResolution | null = null;
}
