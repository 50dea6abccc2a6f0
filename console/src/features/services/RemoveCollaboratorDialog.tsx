import { RemoveCollaboratorMutation } from "@keyholder/graphql";
import { Text } from "@mantine/core";
import { useState } from "react";
import { ChangeFailure } from "../../components/ChangeFailure.js";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import { notify } from "../../components/notify.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { AuditReason } from "./AuditReason.js";
import type { CollaboratorDialogProps } from "./collaborator-dialog.js";
import { KeysThatStop } from "./KeysThatStop.js";
import { ROLE_LABEL } from "./RoleBadge.js";

/** Takes one role away; for a Billing role, it lists the keys that stop working here first. */
export function RemoveCollaboratorDialog({ service, collaborator, onClose, onReload }: CollaboratorDialogProps) {
  const {
    run: remove,
    failure,
    setFailure,
  } = usePayloadMutation(RemoveCollaboratorMutation, "removeCollaborator", "collaborator");
  const [reason, setReason] = useState("");
  const role = ROLE_LABEL[collaborator.role];
  const email = collaborator.holder.email;

  const confirm = async () => {
    const { payload, errors } = await remove({ input: { id: collaborator.id, reason: reason.trim() || null } });
    if (!payload) {
      if (errors.every((e) => e.code === "COLLABORATOR_NOT_FOUND")) {
        setFailure([]);
        notify(`Someone else already removed ${email}'s ${role} role.`, "blue");
        onReload();
        return true;
      }
      return false;
    }
    notify(`${email} is no longer ${role} on ${service.slug}.`);
    return true;
  };

  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={`Remove ${collaborator.role === "ADMIN" ? "an" : "a"} ${role} role?`}
      confirmLabel={`Remove ${role} role`}
      danger={collaborator.role === "BILLING"}
      onConfirm={confirm}
    >
      <ChangeFailure subject="service" errors={failure} title="The role was not removed" onReload={onReload} />
      <Text size="sm">
        <b>{email}</b> will no longer be {role} on {service.slug}.
      </Text>
      {collaborator.role === "BILLING" ? (
        <KeysThatStop service={service} collaborator={collaborator} />
      ) : (
        <Text size="sm">No key changes: only a Billing role makes keys work.</Text>
      )}
      <AuditReason value={reason} onChange={setReason} />
    </ConfirmDialog>
  );
}
