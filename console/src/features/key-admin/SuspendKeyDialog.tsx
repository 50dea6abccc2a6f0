import { Text } from "@mantine/core";
import { useState } from "react";
import { ChangeFailure } from "../../components/ChangeFailure.js";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import { notify } from "../../components/notify.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { SuspendKeyMutation } from "./key-admin.graphql.js";
import { ReasonField, reasonProblem } from "./ReasonField.js";

export interface ControlledKey {
  id: string;
  name: string;
  prefix: string;
  version: number;
}

interface Props {
  opened: boolean;
  onClose: () => void;
  apiKey: ControlledKey;
  onReload: () => void;
}

/**
 * Suspends the key: every service refuses it (reason SUSPENDED) until it is resumed. A safer
 * first step than revoking a key nobody can name the user of: whoever complains has found it.
 */
export function SuspendKeyDialog({ opened, onClose, apiKey: key, onReload }: Props) {
  const { run: suspend, failure, setFailure } = usePayloadMutation(SuspendKeyMutation, "suspendApiKey", "apiKey");
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const close = () => {
    setReason("");
    setReasonError(null);
    setFailure([]);
    onClose();
  };
  const confirm = async () => {
    const invalid = reasonProblem(reason, "Say why the key is suspended");
    setReasonError(invalid);
    setFailure([]);
    if (invalid) return false;
    const { payload, errors } = await suspend({ input: { id: key.id, reason: reason.trim(), version: key.version } });
    if (!payload) {
      // The reason's own error goes under its field; the rest above the dialog.
      const onReason = errors.find((e) => e.field === "reason");
      setReasonError(onReason?.message ?? null);
      setFailure(errors.filter((e) => e !== onReason));
      return false;
    }
    notify(`${key.name} is suspended.`);
    onReload();
    setReason("");
    return true;
  };
  return (
    <ConfirmDialog
      opened={opened}
      onClose={close}
      title={`Suspend ${key.name}?`}
      confirmLabel="Suspend key"
      onConfirm={confirm}
    >
      <ChangeFailure subject="key" errors={failure} title="The key was not suspended" onReload={onReload} />
      <Text size="sm">
        Every service refuses the key ({key.prefix}…) from now on, with the reason “suspended”, until you resume it.
        Nothing else changes: its secret, holder and expiry stay, and resuming makes it work again at once.
      </Text>
      <ReasonField
        value={reason}
        onChange={(v) => {
          setReason(v);
          setReasonError(null);
        }}
        error={reasonError}
        required
        description="Shown on the key and kept in the audit trail."
      />
    </ConfirmDialog>
  );
}
