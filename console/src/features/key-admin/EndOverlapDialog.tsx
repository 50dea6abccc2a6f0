import { Text } from "@mantine/core";
import { ChangeFailure } from "../../components/ChangeFailure.js";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import { formatDateTime } from "../../components/format.js";
import { notify } from "../../components/notify.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { EndOverlapMutation } from "./key-admin.graphql.js";
import type { KeyDialogProps } from "./key-dialog.js";
import type { ControlledKey } from "./SuspendKeyDialog.js";

type Props = KeyDialogProps<ControlledKey & { previousPrefix: string | null; previousSecretExpiresAt: string | null }>;

/** Stops the secret the last rotation replaced now, rather than at the end of its overlap; the key stays. */
export function EndOverlapDialog({ opened, onClose, apiKey: key, onReload }: Props) {
  const { run: end, failure, setFailure } = usePayloadMutation(EndOverlapMutation, "endApiKeyOverlap", "apiKey");
  const close = () => {
    setFailure([]);
    onClose();
  };
  const confirm = async () => {
    const { payload } = await end({ input: { id: key.id, version: key.version } });
    if (!payload) return false;
    notify(`The old secret of ${key.name} has stopped working.`);
    onReload();
    return true;
  };
  return (
    <ConfirmDialog
      opened={opened}
      onClose={close}
      title="Stop the old secret now?"
      confirmLabel="Stop old secret now"
      danger
      onConfirm={confirm}
    >
      <ChangeFailure subject="key" errors={failure} title="The old secret was not stopped" onReload={onReload} />
      <Text size="sm">
        The old secret ({key.previousPrefix ?? "previous"}…) would keep working until{" "}
        {key.previousSecretExpiresAt ? formatDateTime(key.previousSecretExpiresAt) : "the end of its overlap"}. It stops
        now instead: anything still using it is refused from this moment.
      </Text>
      <Text size="sm">
        {key.name} itself is not revoked: its current secret ({key.prefix}…) keeps working.
      </Text>
    </ConfirmDialog>
  );
}
