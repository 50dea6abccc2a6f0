import { NumberInput, Text } from "@mantine/core";
import { useForm } from "@mantine/form";
import { ChangeFailure } from "../../components/ChangeFailure.js";
import { DialogForm } from "../../components/DialogForm.js";
import { wholeNumberRule } from "../../components/form-rules.js";
import { formatDateTime } from "../../components/format.js";
import { notify } from "../../components/notify.js";
import { plural } from "../../components/plural.js";
import { SecretDialog } from "../../components/SecretDialog.js";
import { SecretReveal } from "../../components/SecretReveal.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { useRevealedSecret } from "../../components/use-revealed-secret.js";
import type { KeyDialogProps } from "../key-admin/key-dialog.js";
import { type KeyDetail, RotateKeyMutation } from "./key.graphql.js";

export const MAX_OVERLAP_HOURS = 168;

type Props = KeyDialogProps<Pick<KeyDetail, "id" | "name" | "prefix" | "version">>;

/**
 * Gives the key a new secret. The old one keeps working for the chosen overlap so whatever uses
 * it can switch without an outage. The new secret is shown once; until it has been copied every
 * way out of the dialog asks first, so a stray click or Esc cannot lose it.
 */
export function RotateKeyDialog({ opened, onClose, apiKey: key, onReload }: Props) {
  const { run: rotate, failure, setFailure } = usePayloadMutation(RotateKeyMutation, "rotateApiKey", "secret");
  const form = useForm({
    initialValues: { overlapHours: 24 as number | string },
    validate: {
      overlapHours: wholeNumberRule(
        0,
        MAX_OVERLAP_HOURS,
        `A whole number of hours from 0 to ${MAX_OVERLAP_HOURS} (7 days)`,
      ),
    },
  });
  const hours = typeof form.values.overlapHours === "number" ? form.values.overlapHours : null;

  const secret = useRevealedSecret<string>(onClose, form, setFailure);

  const submit = form.onSubmit(async (values) => {
    const overlapHours = Number(values.overlapHours);
    const { payload } = await rotate({ input: { id: key.id, overlapHours, version: key.version } }, { form });
    if (!payload) return;
    secret.reveal(payload.secret);
    notify(`${key.name} has a new secret.`);
  });

  return (
    <SecretDialog
      opened={opened}
      secret={secret}
      title={`Rotate ${key.name}`}
      revealedTitle="New secret"
      revealed={(newSecret) => (
        <>
          <Text size="sm">
            This is the new secret of <b>{key.name}</b>. Put it wherever the old one is used
            {hours ? ` within ${hours} hours` : ""}.
          </Text>
          <SecretReveal secret={newSecret} label="New secret" onCopied={secret.markCopied} />
        </>
      )}
    >
      <DialogForm onSubmit={submit} submitLabel="Rotate key" onCancel={secret.close} loading={form.submitting}>
        <ChangeFailure subject="key" errors={failure} title="The key was not rotated" onReload={onReload} />
        <Text size="sm">
          Rotating gives <b>{key.name}</b> a new secret. Its name, holder and the services it works on stay the same.
        </Text>
        <NumberInput
          label="Overlap (hours)"
          description={`How long the old secret keeps working, 0 to ${MAX_OVERLAP_HOURS} (7 days)`}
          min={0}
          max={MAX_OVERLAP_HOURS}
          // Out-of-range or fractional input stays as typed and gets a field error, instead of
          // being changed silently into a number nobody chose.
          clampBehavior="none"
          data-autofocus
          {...form.getInputProps("overlapHours")}
        />
        <OverlapExplained prefix={key.prefix} hours={hours} />
      </DialogForm>
    </SecretDialog>
  );
}

function OverlapExplained({ prefix, hours }: { prefix: string; hours: number | null }) {
  if (hours === null || hours < 0 || hours > MAX_OVERLAP_HOURS) return null;
  if (hours === 0) {
    return (
      <Text size="sm" c="red.8" aria-live="polite">
        The old secret ({prefix}…) stops working at once: anything still using it is refused from now on.
      </Text>
    );
  }
  const until = new Date(Date.now() + hours * 3_600_000).toISOString();
  return (
    <Text size="sm" aria-live="polite">
      The old secret ({prefix}…) keeps working for {plural(hours, "hour")}, until about {formatDateTime(until)}, so
      whatever uses it can switch over. Then it stops.
    </Text>
  );
}
