import { Text } from "@mantine/core";
import { useState } from "react";
import { ChangeFailure } from "../../components/ChangeFailure.js";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import { notify } from "../../components/notify.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { ResumeKeyMutation } from "./key-admin.graphql.js";
import { ReasonField, reasonProblem } from "./ReasonField.js";
import type { ControlledKey } from "./SuspendKeyDialog.js";

interface Props {
  opened: boolean;
  onClose: () => void;
  apiKey: ControlledKey & { suspendedReason: string | null };
  onReload: () => void;
}

/** Resumes a suspended key: it works again wherever its holder is a Billing collaborator. */
export function ResumeKeyDialog({ opened, onClose, apiKey: key, onReload }: Props) {
  const { run: resume, failure, setFailure } = usePayloadMutation(ResumeKeyMutation, "resumeApiKey", "apiKey");
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const close = () => {
    setReason("");
    setReasonError(null);
    setFailure([]);
    onClose();
  };
  const confirm = async () => {
    const invalid = reasonProblem(reason, null);
    setReasonError(invalid);
    setFailure([]);
    if (invalid) return false;
    const { payload } = await resume({
      input: { id: key.id, reason: reason.trim() || undefined, version: key.version },
    });
    if (!payload) return false;
    notify(`${key.name} works again.`);
    onReload();
    setReason("");
    return true;
  };
  return (
    <ConfirmDialog
      opened={opened}
      onClose={close}
      title={`Resume ${key.name}?`}
      confirmLabel="Resume key"
      onConfirm={confirm}
    >
      <ChangeFailure subject="key" errors={failure} title="The key was not resumed" onReload={onReload} />
      <Text size="sm">
        The key ({key.prefix}…) works again at once wherever its holder is a Billing collaborator.
        {key.suspendedReason ? ` It was suspended because: ${key.suspendedReason}` : ""}
      </Text>
      <ReasonField
        value={reason}
        onChange={(v) => {
          setReason(v);
          setReasonError(null);
        }}
        error={reasonError}
        required={false}
        description="Optional; kept in the audit trail."
      />
    </ConfirmDialog>
  );
}
