import { List, Text, Textarea } from "@mantine/core";
import { useState } from "react";
import { useMutation } from "urql";
import { ChangeFailure } from "../../components/ChangeFailure.js";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import type { ServerError } from "../../components/form-errors.js";
import { notify } from "../../components/notify.js";
import { payloadErrors } from "../../components/payload-errors.js";
import { type KeyDetail, RevokeKeyMutation } from "./key.graphql.js";

interface Props {
  opened: boolean;
  onClose: () => void;
  apiKey: Pick<KeyDetail, "id" | "name" | "prefix" | "worksOn" | "previousSecretExpiresAt">;
  onReload: () => void;
}

const MAX_REASON = 1000;

/**
 * Revokes the key for good, with a reason for the audit trail. The dialog names every service
 * that will refuse the key, because that is what breaks the moment the button is pressed.
 */
export function RevokeKeyDialog({ opened, onClose, apiKey: key, onReload }: Props) {
  const [, revoke] = useMutation(RevokeKeyMutation);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ServerError[]>([]);
  const overlapping = key.previousSecretExpiresAt && new Date(key.previousSecretExpiresAt).getTime() > Date.now();

  const close = () => {
    setReason("");
    setReasonError(null);
    setFailure([]);
    onClose();
  };

  const confirm = async () => {
    const why = reason.trim();
    const invalid = !why ? "Say why the key is revoked" : why.length > MAX_REASON ? "At most 1000 characters" : null;
    setReasonError(invalid);
    setFailure([]);
    if (invalid) return false;
    const result = await revoke({ input: { id: key.id, reason: why } });
    const payload = result.data?.revokeApiKey;
    if (!payload?.apiKey || payload.errors.length) {
      const errors = payloadErrors(payload, result.error);
      const onReason = errors.find((e) => e.field === "reason");
      setReasonError(onReason?.message ?? null);
      setFailure(errors.filter((e) => e !== onReason));
      return false;
    }
    notify(`${key.name} is revoked.`);
    return true;
  };

  return (
    <ConfirmDialog
      opened={opened}
      onClose={close}
      title={`Revoke ${key.name}?`}
      confirmLabel="Revoke key"
      danger
      onConfirm={confirm}
    >
      <ChangeFailure subject="key" errors={failure} title="The key was not revoked" onReload={onReload} />
      <Text size="sm">
        The key ({key.prefix}…{overlapping ? ", and the old secret still in its rotation overlap" : ""}) stops working
        everywhere at once. Anything still using it is refused from that moment. A revoked key cannot be restored.
      </Text>
      {key.worksOn.length > 0 ? (
        <>
          <Text size="sm" fw={600}>
            It works on {key.worksOn.length === 1 ? "this service" : `these ${key.worksOn.length} services`} today:
          </Text>
          <List size="sm" aria-label="Services that will refuse the key">
            {key.worksOn.map((s) => (
              <List.Item key={s.id}>
                {s.slug} <Text span size="sm" c="dimmed">{`(${s.name})`}</Text>
              </List.Item>
            ))}
          </List>
        </>
      ) : (
        <Text size="sm">It works on no service today.</Text>
      )}
      <Textarea
        label="Reason"
        description="Kept with the key and in the audit trail."
        required
        rows={2}
        data-autofocus
        value={reason}
        onChange={(e) => {
          setReason(e.currentTarget.value);
          setReasonError(null);
        }}
        error={reasonError}
      />
    </ConfirmDialog>
  );
}
