import { Text } from "@mantine/core";
import { useState } from "react";
import { notify } from "../../components/notify.js";
import { plural } from "../../components/plural.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { RevokeKeysMutation } from "./key-admin.graphql.js";
import { ReasonDialog } from "./ReasonDialog.js";

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
  const { run: revoke } = usePayloadMutation(RevokeKeysMutation, "revokeApiKeys", "revocation");
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());
  const close = () => {
    setAttempt(crypto.randomUUID());
    onClose();
  };
  const submit = async (reason: string) => {
    const { payload, errors } = await revoke({
      input: { ids: keys.map((k) => k.id), reason, idempotencyKey: `revoke-${attempt}` },
    });
    if (!payload) return errors;
    const { revokedIds, alreadyRevokedIds } = payload.revocation;
    notify(
      `${plural(revokedIds.length, "key")} revoked.` +
        (alreadyRevokedIds.length
          ? ` ${plural(alreadyRevokedIds.length, "key was", "keys were")} revoked already.`
          : ""),
    );
    setAttempt(crypto.randomUUID());
    onDone();
    return errors;
  };
  return (
    <ReasonDialog
      opened={opened}
      onClose={close}
      title={`Revoke ${plural(keys.length, "key")}?`}
      confirmLabel={`Revoke ${plural(keys.length, "key")}`}
      danger
      required="Say why the keys are revoked"
      description="One reason for all of them, kept with each key and in the audit trail."
      failureTitle="No key was revoked"
      onReload={onDone}
      onSubmit={submit}
    >
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
    </ReasonDialog>
  );
}
