import { Text } from "@mantine/core";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { SuspendKeyMutation } from "./key-admin.graphql.js";
import type { KeyDialogProps } from "./key-dialog.js";
import { controlSubmit, ReasonDialog } from "./ReasonDialog.js";

export interface ControlledKey {
  id: string;
  name: string;
  prefix: string;
  version: number;
}

type Props = KeyDialogProps<ControlledKey>;

/**
 * Suspends the key: every service refuses it (reason SUSPENDED) until it is resumed. A safer
 * first step than revoking a key nobody can name the user of: whoever complains has found it.
 */
export function SuspendKeyDialog({ apiKey: key, ...dialog }: Props) {
  const { run: suspend } = usePayloadMutation(SuspendKeyMutation, "suspendApiKey", "apiKey");
  const submit = controlSubmit(
    suspend,
    (reason) => ({ input: { id: key.id, reason, version: key.version } }),
    `${key.name} is suspended.`,
    dialog.onReload,
  );
  return (
    <ReasonDialog
      {...dialog}
      title={`Suspend ${key.name}?`}
      confirmLabel="Suspend key"
      required="Say why the key is suspended"
      description="Shown on the key and kept in the audit trail."
      failureTitle="The key was not suspended"
      onSubmit={submit}
    >
      <Text size="sm">
        Every service refuses the key ({key.prefix}…) from now on, with the reason “suspended”, until you resume it.
        Nothing else changes: its secret, holder and expiry stay, and resuming makes it work again at once.
      </Text>
    </ReasonDialog>
  );
}
