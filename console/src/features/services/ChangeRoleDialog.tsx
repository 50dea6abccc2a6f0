import { Select, Text, Textarea } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useState } from "react";
import { useMutation } from "urql";
import { ChangeFailure } from "../../components/ChangeFailure.js";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import type { ServerError } from "../../components/form-errors.js";
import { notify } from "../../components/notify.js";
import { payloadErrors } from "../../components/payload-errors.js";
import type { CollaboratorRole } from "../../graphql.js";
import { BillingGain } from "./BillingGain.js";
import { KeysThatStop } from "./KeysThatStop.js";
import { Notice } from "./Notice.js";
import { ROLE_HELP, ROLE_LABEL, ROLES } from "./RoleBadge.js";
import type { CollaboratorRow, ServiceDetail } from "./service.graphql.js";
import { AddCollaboratorMutation, RemoveCollaboratorMutation } from "./service-mutations.graphql.js";

interface Props {
  service: ServiceDetail;
  collaborator: CollaboratorRow;
  onClose: () => void;
  /** Loads the service again, when the page turns out to be out of date. */
  onReload: () => void;
}

/**
 * The API has no "change role": a collaborator is (service, holder, role). So the new role is
 * added first and the old one removed second: the holder never has neither, and if the second
 * call fails the holder is left with both (more access, not less), which the dialog says and
 * offers to retry.
 */
export function ChangeRoleDialog({ service, collaborator, onClose, onReload }: Props) {
  const [, add] = useMutation(AddCollaboratorMutation);
  const [, remove] = useMutation(RemoveCollaboratorMutation);
  const [role, setRole] = useState<CollaboratorRole | null>(null);
  const [reason, setReason] = useState("");
  const [failure, setFailure] = useState<ServerError[]>([]);
  const [added, setAdded] = useState(false);
  const { holder } = collaborator;
  const old = ROLE_LABEL[collaborator.role];
  // Fixed when the dialog opens: the page reloads after the first step, and the new role must stay chosen.
  const [choices] = useState(() => {
    const held = new Set(service.collaborators.filter((c) => c.holder.id === holder.id).map((c) => c.role));
    return ROLES.filter((r) => !held.has(r));
  });

  const removeOld = async (next: CollaboratorRole) => {
    const result = await remove({ input: { id: collaborator.id, reason: reason.trim() || null } });
    const payload = result.data?.removeCollaborator;
    const errors = payload?.collaborator && !payload.errors.length ? [] : payloadErrors(payload, result.error);
    if (errors.some((e) => e.code !== "COLLABORATOR_NOT_FOUND")) {
      setAdded(true);
      setFailure(errors);
      return false;
    }
    // Someone else removed the old role meanwhile: the change is complete all the same.
    if (errors.length) onReload();
    notify(`${holder.email} is now ${ROLE_LABEL[next]} on ${service.slug} (was ${old}).`);
    return true;
  };

  const confirm = async () => {
    if (!role) return false;
    setFailure([]);
    if (added) return removeOld(role);
    const result = await add({
      input: { serviceId: service.id, holderId: holder.id, role, reason: reason.trim() || null },
    });
    const payload = result.data?.addCollaborator;
    if (!payload?.collaborator || payload.errors.length) {
      setFailure(payloadErrors(payload, result.error));
      return false;
    }
    return removeOld(role);
  };

  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={`Change ${collaborator.role === "ADMIN" ? "an" : "a"} ${old} role`}
      confirmLabel={added ? `Retry removing ${old}` : "Change role"}
      danger={collaborator.role === "BILLING"}
      disabled={!role}
      onConfirm={confirm}
    >
      {added ? (
        <Notice color="orange" role="alert" icon={<IconAlertTriangle aria-hidden />} title="Half done">
          <Text size="sm">
            {holder.email} is now {role && ROLE_LABEL[role]}, but is still {old} too: the {old} role could not be
            removed. Retry, or remove it from the list later.
          </Text>
          <Text size="sm" mt="xs">
            {failure.map((f) => f.message).join(" ")}
          </Text>
        </Notice>
      ) : (
        <ChangeFailure subject="service" errors={failure} title="The role was not changed" onReload={onReload} />
      )}
      {choices.length === 0 ? (
        <Text size="sm">
          {holder.email} already has every other role on {service.slug}. Remove this one instead.
        </Text>
      ) : (
        <Select
          label="New role"
          description={ROLE_HELP}
          placeholder="Choose a role"
          data={choices.map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
          value={role}
          onChange={(v) => setRole(choices.find((r) => r === v) ?? null)}
          allowDeselect={false}
          disabled={added}
          data-autofocus
        />
      )}
      <Text size="sm">
        Done in two steps: <b>{holder.email}</b> gets the new role, then loses the {old} role.
      </Text>
      {collaborator.role === "BILLING" && <KeysThatStop service={service} collaborator={collaborator} />}
      {role === "BILLING" && <BillingGain holderId={holder.id} email={holder.email} slug={service.slug} />}
      {role && role !== "BILLING" && collaborator.role !== "BILLING" && (
        <Text size="sm">No key changes: only a Billing role makes keys work.</Text>
      )}
      <Textarea
        label="Reason"
        description="Kept in the audit trail of both steps."
        rows={2}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        disabled={added}
      />
    </ConfirmDialog>
  );
}
