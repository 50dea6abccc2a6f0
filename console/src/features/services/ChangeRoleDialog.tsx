import { ChangeCollaboratorRoleMutation, type CollaboratorRole, type ResultOf } from "@keyholder/graphql";
import { Anchor, List, Select, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useState } from "react";
import { useMutation } from "urql";
import { Link } from "wouter";
import { ChangeFailure } from "../../components/ChangeFailure.js";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import type { ServerError } from "../../components/form-errors.js";
import { notify } from "../../components/notify.js";
import { payloadErrors } from "../../components/payload-errors.js";
import { urls } from "../../urls.js";
import { AuditReason } from "./AuditReason.js";
import type { CollaboratorDialogProps } from "./collaborator-dialog.js";
import { KeysThatGain } from "./KeysThatGain.js";
import { KeysThatStop } from "./KeysThatStop.js";
import { Notice } from "./Notice.js";
import { ROLE_HELP, ROLE_LABEL, ROLES } from "./RoleBadge.js";

type ListedKey = ResultOf<typeof ChangeCollaboratorRoleMutation>["changeCollaboratorRole"]["keysThatStop"][number];

/**
 * Changes a role in one step (`changeCollaboratorRole`: one transaction, one audit event). Leaving
 * Billing stops the holder's keys working here: the dialog lists them first, and confirming
 * allows exactly that. Becoming Billing makes every active key of the holder work here: the
 * dialog lists them too, and confirming allows that wider access. If the server finds keys the
 * dialog did not list (one was issued meanwhile), it refuses; the dialog then lists what the
 * server found and asks again.
 */
export function ChangeRoleDialog({ service, collaborator, onClose, onReload }: CollaboratorDialogProps) {
  const [, change] = useMutation(ChangeCollaboratorRoleMutation);
  const [role, setRole] = useState<CollaboratorRole | null>(null);
  const [reason, setReason] = useState("");
  const [failure, setFailure] = useState<ServerError[]>([]);
  /** How many keys the dialog listed as stopping: confirming agrees to stop them. */
  const [listed, setListed] = useState(0);
  /** The keys the server said would stop, when it refused a change the dialog had not warned about. */
  const [found, setFound] = useState<ListedKey[] | null>(null);
  /** How many keys the dialog listed as starting to work here: confirming allows that wider access. */
  const [gainListed, setGainListed] = useState(0);
  /** The keys the server said would start working, when it refused a change the dialog had not listed them for. */
  const [foundGain, setFoundGain] = useState<ListedKey[] | null>(null);
  const { holder } = collaborator;
  const old = ROLE_LABEL[collaborator.role];
  const leavesBilling = collaborator.role === "BILLING";
  const [choices] = useState(() => {
    const held = new Set(service.collaborators.nodes.filter((c) => c.holder.id === holder.id).map((c) => c.role));
    return ROLES.filter((r) => !held.has(r));
  });

  const confirm = async () => {
    if (!role) return false;
    setFailure([]);
    const allowKeysToStop = leavesBilling && (listed > 0 || found !== null);
    const allowWiderAccess = role === "BILLING" && (gainListed > 0 || foundGain !== null);
    const result = await change({
      input: { id: collaborator.id, role, reason: reason.trim() || null, allowKeysToStop, allowWiderAccess },
    });
    const payload = result.data?.changeCollaboratorRole;
    if (!payload?.collaborator || payload.errors.length) {
      const errors = payloadErrors(payload, result.error);
      if (payload && errors.some((e) => e.code === "KEYS_WOULD_STOP")) setFound(payload.keysThatStop);
      else if (payload && errors.some((e) => e.code === "ACCESS_WOULD_WIDEN")) setFoundGain(payload.keysThatGain);
      else setFailure(errors);
      return false;
    }
    const stopped = payload.keysThatStop.length;
    const gained = payload.keysThatGain.length;
    notify(
      `${holder.email} is now ${ROLE_LABEL[role]} on ${service.slug} (was ${old})` +
        (stopped ? `; ${stopped} ${stopped === 1 ? "key" : "keys"} stopped working there.` : "") +
        (gained ? `; ${gained} ${gained === 1 ? "key" : "keys"} started working there.` : "") +
        (stopped || gained ? "" : "."),
    );
    return true;
  };

  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={`Change ${collaborator.role === "ADMIN" ? "an" : "a"} ${old} role`}
      confirmLabel={
        found?.length
          ? `Change role, stopping ${found.length} ${found.length === 1 ? "key" : "keys"}`
          : foundGain?.length && role === "BILLING"
            ? `Change role, widening ${foundGain.length} ${foundGain.length === 1 ? "key" : "keys"}`
            : "Change role"
      }
      danger={leavesBilling}
      disabled={!role}
      onConfirm={confirm}
    >
      <ChangeFailure subject="service" errors={failure} title="The role was not changed" onReload={onReload} />
      {found && (
        <Notice color="orange" role="alert" icon={<IconAlertTriangle aria-hidden />} title="More keys stop working">
          <Text size="sm" mb="xs">
            Since this dialog opened, these keys of {holder.email} started working on {service.slug}; they stop too:
          </Text>
          <List size="sm" spacing={4} aria-label="Keys the server found would stop">
            <KeyItems keys={found} />
          </List>
        </Notice>
      )}
      {foundGain && role === "BILLING" && (
        <Notice color="orange" role="alert" icon={<IconAlertTriangle aria-hidden />} title="More keys start working">
          <Text size="sm" mb="xs">
            Since this dialog opened, {holder.email} was given these keys; they start working on {service.slug} too:
          </Text>
          <List size="sm" spacing={4} aria-label="Keys the server found would start working">
            <KeyItems keys={foundGain} />
          </List>
        </Notice>
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
          data-autofocus
        />
      )}
      <Text size="sm">
        <b>{holder.email}</b> changes from {old} to the new role in one step.
      </Text>
      {leavesBilling && <KeysThatStop service={service} collaborator={collaborator} onListed={setListed} />}
      {role === "BILLING" && (
        <KeysThatGain holderId={holder.id} email={holder.email} slug={service.slug} onListed={setGainListed} />
      )}
      {role && role !== "BILLING" && !leavesBilling && (
        <Text size="sm">No key changes: only a Billing role makes keys work.</Text>
      )}
      <AuditReason value={reason} onChange={setReason} />
    </ConfirmDialog>
  );
}

function KeyItems({ keys }: { keys: ListedKey[] }) {
  return keys.map((k) => (
    <List.Item key={k.id}>
      <Anchor component={Link} href={urls.key(k.id)} size="sm" fw={500}>
        {k.name}
      </Anchor>{" "}
      <Text span ff="monospace" size="xs">
        {k.prefix}…
      </Text>
    </List.Item>
  ));
}
