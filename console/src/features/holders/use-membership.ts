import { AddGroupMemberMutation, RemoveGroupMemberMutation } from "@keyholder/graphql";
import { useCallback } from "react";
import { useMutation } from "urql";
import type { ServerError } from "../../components/form-errors.js";

export interface MembershipChange {
  groupId: string;
  userId: string;
  reason?: string;
}

/**
 * Adds a user to a group email or removes them; resolves to the errors that stopped it (none on
 * success). The payload carries the group, so urql refetches every view of it.
 */
export function useMembership() {
  const [, add] = useMutation(AddGroupMemberMutation);
  const [, remove] = useMutation(RemoveGroupMemberMutation);
  return useCallback(
    async (change: "add" | "remove", { groupId, userId, reason }: MembershipChange): Promise<ServerError[]> => {
      const input = { groupId, userId, reason: reason?.trim() || null };
      const result = change === "add" ? await add({ input }) : await remove({ input });
      const data = result.data;
      const payload = data && ("addGroupMember" in data ? data.addGroupMember : data.removeGroupMember);
      if (!payload)
        return [{ code: "INTERNAL_SERVER_ERROR", message: result.error?.message ?? "Keyholder did not answer." }];
      return payload.errors;
    },
    [add, remove],
  );
}
