import DataLoader from "dataloader";
import { defineLoader, groupBy } from "../../shared/loaders.js";
import type { GroupEmail } from "./group-email/group-email.entity.js";
import { GroupMembership } from "./group-email/group-membership.entity.js";
import { Holder } from "./holder.entity.js";
import type { User } from "./user/user.entity.js";

/** Holders by id: one statement for a page. */
export const holderById = defineLoader(
  (em) =>
    new DataLoader<string, Holder | null>(async (ids) => {
      const rows = await em.find(Holder, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((h) => [h.id, h]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
);

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

/** The group emails each user is a member of, by email. */
export const groupsByUserId = defineLoader(
  (em) =>
    new DataLoader<string, GroupEmail[]>(async (ids) => {
      const rows = await em.find(
        GroupMembership,
        { user: { $in: [...ids] } },
        { populate: ["group"], orderBy: { group: { email: "asc" } } },
      );
      return groupBy(ids, rows, (m) => m.user.id).map((ms) => ms.map((m) => m.group));
    }),
);
