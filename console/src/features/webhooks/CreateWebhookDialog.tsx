import { MultiSelect, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { DialogForm } from "../../components/DialogForm.js";
import { FailureAlert } from "../../components/FailureAlert.js";
import { notify } from "../../components/notify.js";
import { SecretDialog } from "../../components/SecretDialog.js";
import { SecretReveal } from "../../components/SecretReveal.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { useRevealedSecret } from "../../components/use-revealed-secret.js";
import { CreateWebhookEndpointMutation } from "./webhooks.graphql.js";

/** An event type as the API lists it (`webhookEventTypes`). */
export interface WebhookEventType {
  name: string;
  description: string;
}

/** "*" first (every type, including types added later), then each type the API lists, by its own name. */
const eventOptions = (types: readonly WebhookEventType[]) => [
  { value: "*", label: "All events" },
  ...types.map((t) => ({ value: t.name, label: t.name })),
];

const MAX_URL = 2048;
const MAX_DESCRIPTION = 500;

/** Registers a webhook endpoint; the signing secret comes back once and is shown until copied. */
export function CreateWebhookDialog({
  opened,
  onClose,
  eventTypes,
}: {
  opened: boolean;
  onClose: () => void;
  eventTypes: readonly WebhookEventType[];
}) {
  const descriptions = new Map(eventTypes.map((t) => [t.name, t.description]));
  const {
    run: create,
    failure,
    setFailure,
  } = usePayloadMutation(CreateWebhookEndpointMutation, "createWebhookEndpoint", "signingSecret");
  const form = useForm({
    initialValues: { url: "", description: "", eventTypes: ["*"] as string[] },
    validate: {
      url: (v) => {
        const url = v.trim();
        if (!url) return "The receiver's address, e.g. https://siem.example.org/hooks/keyholder";
        if (url.length > MAX_URL) return `At most ${MAX_URL} characters`;
        return /^https?:\/\/[^\s/]+/.test(url) ? null : "An http:// or https:// address";
      },
      description: (v) => (v.trim().length > MAX_DESCRIPTION ? `At most ${MAX_DESCRIPTION} characters` : null),
      eventTypes: (v) => (v.length ? null : "Choose at least one event type"),
    },
  });
  const secret = useRevealedSecret<string>(onClose, form, setFailure);

  const submit = form.onSubmit(async (values) => {
    const { payload } = await create(
      {
        input: {
          url: values.url.trim(),
          description: values.description.trim() || null,
          eventTypes: values.eventTypes.includes("*") ? ["*"] : values.eventTypes,
        },
      },
      { form },
    );
    if (!payload) return;
    secret.reveal(payload.signingSecret);
    notify("Webhook endpoint added.");
  });

  return (
    <SecretDialog
      opened={opened}
      secret={secret}
      title="New webhook endpoint"
      revealedTitle="Webhook endpoint added"
      revealed={(signingSecret) => (
        <>
          <Text size="sm">
            Deliveries are signed with this secret (Standard Webhooks). Give it to the receiver to verify the{" "}
            <code>webhook-signature</code> header.
          </Text>
          <SecretReveal
            secret={signingSecret}
            label="Signing secret"
            onCopied={secret.markCopied}
            kept="Copy it now and store it with the receiver. Keyholder uses it only to sign and never shows it again."
          />
        </>
      )}
    >
      <DialogForm onSubmit={submit} submitLabel="Add endpoint" onCancel={secret.close} loading={form.submitting}>
        <FailureAlert errors={failure} title="The endpoint was not added" />
        <TextInput
          label="URL"
          required
          data-autofocus
          description="Loopback and private addresses are refused unless the server allows them."
          {...form.getInputProps("url")}
        />
        <TextInput
          label="Description"
          description="Optional: what receives it."
          {...form.getInputProps("description")}
        />
        <MultiSelect
          label="Events"
          required
          data={eventOptions(eventTypes)}
          renderOption={({ option }) => (
            <div>
              <Text size="sm">{option.label}</Text>
              <Text size="xs" c="dimmed">
                {descriptions.get(option.value) ?? "Every event, including types added later."}
              </Text>
            </div>
          )}
          {...form.getInputProps("eventTypes")}
        />
      </DialogForm>
    </SecretDialog>
  );
}
