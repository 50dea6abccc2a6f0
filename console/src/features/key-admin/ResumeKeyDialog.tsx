import { Text } from "@mantine/core";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { ResumeKeyMutation } from "./key-admin.graphql.js";
import type { KeyDialogProps } from "./key-dialog.js";
import { controlSubmit, ReasonDialog } from "./ReasonDialog.js";
import type { ControlledKey } from "./SuspendKeyDialog.js";

type Props = KeyDialogProps<ControlledKey & { suspendedReason: string | null }>;

/** Resumes a suspended key: it works again wherever its holder is a Billing collaborator. */
export function ResumeKeyDialog({ apiKey: key, ...dialog }: Props) {
  const { run: resume } = usePayloadMutation(ResumeKeyMutation, "resumeApiKey", "apiKey");
  const submit = controlSubmit(
    resume,
    (reason) => ({ input: { id: key.id, reason: reason || undefined, version: key.version } }),
    `${key.name} works again.`,
    dialog.onReload,
  );
  return (
    <ReasonDialog
      {...dialog}
      title={`Resume ${key.name}?`}
      confirmLabel="Resume key"
      required={null}
      description="Optional; kept in the audit trail."
      failureTitle="The key was not resumed"
      onSubmit={submit}
    >
      <Text size="sm">
        The key ({key.prefix}…) works again at once wherever its holder is a Billing collaborator.
        {key.suspendedReason ? ` It was suspended because: ${key.suspendedReason}` : ""}
      </Text>
    </ReasonDialog>
  );
}
