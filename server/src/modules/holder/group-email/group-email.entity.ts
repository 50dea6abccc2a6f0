import { Entity, Property } from "@mikro-orm/decorators/legacy";
import { Field, ObjectType } from "type-graphql";
import { Node } from "../../../graphql/node.js";
import { Holder } from "../holder.entity.js";
import { HolderKind } from "../holder-kind.js";

/** A shared mailbox; "healthy" when it has at least two active members. */
@Entity({ discriminatorValue: HolderKind.GROUP })
@ObjectType("GroupEmail", {
  implements: [Holder, Node],
  simpleResolvers: true,
  description: "A shared mailbox that can hold keys.",
})
export class GroupEmail extends Holder {
  override kind = HolderKind.GROUP;

  @Field(() => String, { nullable: true, description: "What the mailbox is for; null when not given." })
  @Property({ type: "text", nullable: true })
  description: string | null = null;
}

/** A group email needs this many active members to survive one person leaving. */
export const HEALTHY_GROUP_MIN_ACTIVE_MEMBERS = 2;
