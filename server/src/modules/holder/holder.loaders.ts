import DataLoader from "dataloader";
import { defineChildPageLoader } from "../../shared/child-pages.js";
import { defineEntityLoader } from "../../shared/entity-loaders.js";
import { defineLoader, groupBy } from "../../shared/loaders.js";
import { GroupEmail } from "./group-email/group-email.entity.js";
import { GroupMembership } from "./group-email/group-membership.entity.js";
import { Holder } from "./holder.entity.js";
import { User } from "./user/user.entity.js";

/** Holders by id: one statement for a page. */
export const holderById = defineEntityLoader(Holder, "id");

/** Members of each group email, by email. */
export const membersByGroupId = defineLoader(
  (em) =>
    new DataLoader<string, User[]>(async (ids) => {
      const rows = await em.find(
        GroupMembership,
        { group: { $in: [...ids] } },
        { populate: ["user"], orderBy: { user: { email: "asc" } } },
      );
      return groupBy(ids, rows, (m) => m.group.id).map((ms) => ms.map((m) => m.user));
    }),
);

/** Pages of each group email's members, by email, for a list of groups (see `childPages`). */
export const memberPageByGroupId = defineChildPageLoader<User>({
  list: "groupMembers",
  from: "group_membership m join holder u on u.id = m.user_id",
  parent: "m.group_id",
  child: "u.id",
  order: ["u.email"],
  items: { load: (em, ids) => em.find(User, { id: { $in: ids } }) },
  idOf: (user) => user.id,
});

/** Pages of the group emails each user is a member of, by email, for a list of users. */
export const groupPageByUserId = defineChildPageLoader<GroupEmail>({
  list: "userGroupEmails",
  from: "group_membership m join holder g on g.id = m.group_id",
  parent: "m.user_id",
  child: "g.id",
  order: ["g.email"],
  items: { load: (em, ids) => em.find(GroupEmail, { id: { $in: ids } }) },
  idOf: (group) => group.id,
});
