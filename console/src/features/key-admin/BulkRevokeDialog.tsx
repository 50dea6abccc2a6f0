import { Text } from "@mantine/core";
import { useState } from "react";
import { useMutation } from "urql";
import { ChangeFailure } from "../../components/ChangeFailure.js";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import type { ServerError } from "../../components/form-errors.js";
import { notify } from "../../components/notify.js";
import { payloadErrors } from "../../components/payload-errors.js";
import { plural } from "../../components/plural.js";
import { RevokeKeysMutation } from "./key-admin.graphql.js";
import { ReasonField, reasonProblem } from "./ReasonField.js";

export interface SelectedKey {
  id: string;
  name: string;
  prefix: string;
}

interface Props {
  opened: boolean;
  onClose: () => void;
  keys: readonly SelectedKey[];
  /** After the keys were revoked: reload the list and clear the selection. */
  onDone: () => void;
}

const SHOWN = 5;

/**
 * Revokes the selected keys with one reason, all or none. One idempotency key per opening, so a
 * retry after a lost answer (or a double click) revokes once.
 */
export function BulkRevokeDialog({ opened, onClose, keys, onDone }: Props) {
  const [, revoke] = useMutation(RevokeKeysMutation);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ServerError[]>([]);
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());
  const close = () => {
    setReason("");
    setReasonError(null);
    setFailure([]);
    setAttempt(crypto.randomUUID());
    onClose();
  };
  const confirm = async () => {
    const invalid = reasonProblem(reason, "Say why the keys are revoked");
    setReasonError(invalid);
    setFailure([]);
    if (invalid) return false;
    const result = await revoke({
      input: { ids: keys.map((k) => k.id), reason: reason.trim(), idempotencyKey: `revoke-${attempt}` },
    });
    const payload = result.data?.revokeApiKeys;
    if (!payload?.revocation || payload.errors.length) {
      const errors = payloadErrors(payload, result.error);
      const onReason = errors.find((e) => e.field === "reason");
      setReasonError(onReason?.message ?? null);
      setFailure(errors.filter((e) => e !== onReason));
      return false;
    }
    const { revokedIds, alreadyRevokedIds } = payload.revocation;
    notify(
      `${plural(revokedIds.length, "key")} revoked.` +
        (alreadyRevokedIds.length
          ? ` ${plural(alreadyRevokedIds.length, "key was", "keys were")} revoked already.`
          : ""),
    );
    setReason("");
    setAttempt(crypto.randomUUID());
    onDone();
    return true;
  };
  return (
    <ConfirmDialog
      opened={opened}
      onClose={close}
      title={`Revoke ${plural(keys.length, "key")}?`}
      confirmLabel={`Revoke ${plural(keys.length, "key")}`}
      danger
      onConfirm={confirm}
    >
      <ChangeFailure subject="key" errors={failure} title="No key was revoked" onReload={onDone} />
      <Text size="sm">
        These keys stop working everywhere at once, all together or none. A revoked key cannot be restored.
      </Text>
      <Text size="sm" component="ul" aria-label="Keys to revoke" m={0} pl="md">
        {keys.slice(0, SHOWN).map((k) => (
          <li key={k.id}>
            {k.name} <Text span size="sm" c="dimmed" ff="monospace">{`${k.prefix}…`}</Text>
          </li>
        ))}
        {keys.length > SHOWN && <li>and {plural(keys.length - SHOWN, "more key", "more keys")}</li>}
      </Text>
      <ReasonField
        value={reason}
        onChange={(v) => {
          setReason(v);
          setReasonError(null);
        }}
        error={reasonError}
        required
        description="One reason for all of them, kept with each key and in the audit trail."
      />
    </ConfirmDialog>
  );
}
