import { Entity, Enum, Index, Property } from "@mikro-orm/decorators/legacy";
import { Field, ObjectType } from "type-graphql";
import { Holder } from "../holder/holder.entity.js";
import { HolderKind } from "../holder/holder-kind.js";
import { UserStatus } from "./user-status.js";

/** A member of staff. Becomes DEPARTED only through offboarding. */
@Entity({ discriminatorValue: HolderKind.USER })
@Index({ name: "holder_status_email_idx", properties: ["status", "email"] })
@ObjectType("User", { implements: Holder, description: "A member of staff." })
export class User extends Holder {
  override kind = HolderKind.USER;

  @Field(() => UserStatus)
  @Enum({ items: () => UserStatus, nullable: true, default: null, length: 8 })
  status: UserStatus = UserStatus.ACTIVE;

  @Field(() => Date, { nullable: true })
  @Property({ type: "datetime", length: 3, nullable: true })
  departedAt: Date | null = null;
}
