import { Text } from "@mantine/core";
import { useState } from "react";
import { useMutation } from "urql";
import { ChangeFailure } from "../../components/ChangeFailure.js";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import type { ServerError } from "../../components/form-errors.js";
import { notify } from "../../components/notify.js";
import { payloadErrors } from "../../components/payload-errors.js";
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
  const [, resume] = useMutation(ResumeKeyMutation);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ServerError[]>([]);
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
    const result = await resume({ input: { id: key.id, reason: reason.trim() || undefined, version: key.version } });
    const payload = result.data?.resumeApiKey;
    if (!payload?.apiKey || payload.errors.length) {
      setFailure(payloadErrors(payload, result.error));
      return false;
    }
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
