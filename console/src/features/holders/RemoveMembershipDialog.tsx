import { Alert, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useState } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import { describeErrors } from "./holder-form.js";
import { useMembership } from "./use-membership.js";

export interface Membership {
  group: { id: string; email: string; activeMemberCount: number };
  user: { id: string; email: string; status: "ACTIVE" | "DEPARTED" };
}

/** Asks before taking a user out of a group email, and warns when the group would fall below two. */
export function RemoveMembershipDialog({
  membership,
  onClose,
}: {
  membership: Membership | null;
  onClose: () => void;
}) {
  const change = useMembership();
  const [reason, setReason] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    if (membership) {
      setReason("");
      setFailure(null);
    }
  }, [membership]);
  if (!membership) return null;
  const { group, user } = membership;
  const left = user.status === "ACTIVE" ? group.activeMemberCount - 1 : group.activeMemberCount;

  const confirm = async () => {
    const errors = await change("remove", { groupId: group.id, userId: user.id, reason });
    if (errors.length) {
      setFailure(describeErrors(errors));
      return false;
    }
    notifications.show({
      color: "teal",
      title: "Member removed",
      message: `${user.email} is no longer a member of ${group.email}.`,
    });
    return true;
  };

  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title="Remove member"
      confirmLabel="Remove member"
      danger
      disabled={reason.length > 1000}
      onConfirm={confirm}
    >
      <Stack gap="sm">
        <Text size="sm">
          <b>{user.email}</b> will no longer be a member of <b>{group.email}</b>. The group's keys and roles do not
          change.
        </Text>
        {left < 2 && (
          <Alert color="orange" title="The group will need members" role="note">
            {group.email} will have {left === 0 ? "no active members" : "only one active member"}. A group email needs
            at least two, so that one leaver cannot leave its keys without anyone responsible.
          </Alert>
        )}
        {failure && (
          <Alert color="red" role="alert" title="The member was not removed">
            {failure}
          </Alert>
        )}
        <TextInput
          label="Reason"
          description="Optional, for the audit trail"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={reason.length > 1000 ? "At most 1000 characters" : undefined}
        />
      </Stack>
    </ConfirmDialog>
  );
}
