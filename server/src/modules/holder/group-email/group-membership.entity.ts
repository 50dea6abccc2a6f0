import { OptionalProps, type Rel } from "@mikro-orm/core";
import { Entity, Index, ManyToOne, Property } from "@mikro-orm/decorators/legacy";
import { User } from "../user/user.entity.js";
import { GroupEmail } from "./group-email.entity.js";

/** A user's membership of a group email. A trigger keeps both ends the right kind of holder. */
@Entity({
  tableName: "group_membership",
  triggers: [
    {
      name: "group_membership_kinds",
      timing: "before",
      events: ["insert", "update"],
      body: `if (select kind from holder where id = new.group_id) is distinct from 'GROUP' then
  raise exception 'group_membership.group_id must reference a group email' using errcode = '23514';
end if;
if (select kind from holder where id = new.user_id) is distinct from 'USER' then
  raise exception 'group_membership.user_id must reference a user' using errcode = '23514';
end if;
return new;`,
    },
  ],
})
@Index({ name: "group_membership_user_idx", properties: ["user"] })
export class GroupMembership {
  [OptionalProps]?: "createdAt";

  @ManyToOne(() => GroupEmail, { primary: true, deleteRule: "cascade" })
  group!: Rel<GroupEmail>;

  @ManyToOne(() => User, { primary: true, deleteRule: "cascade" })
  user!: Rel<User>;

  @Property({ type: "datetime", length: 3, defaultRaw: "now()" })
  createdAt: Date = new Date();
}
