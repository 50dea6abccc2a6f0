import type { ResultOf } from "@keyholder/graphql";
import { Alert, Button, Group, SegmentedControl, Select, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useLocation } from "wouter";
import { DialogForm } from "../../components/DialogForm.js";
import { FailureAlert } from "../../components/FailureAlert.js";
import { nameInputProps, nameRule } from "../../components/form-rules.js";
import { HolderPicker, type PickedHolder } from "../../components/HolderPicker.js";
import { SecretDialog } from "../../components/SecretDialog.js";
import { SecretReveal } from "../../components/SecretReveal.js";
import { LIMIT } from "../../components/text-limit.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { useRevealedSecret } from "../../components/use-revealed-secret.js";
import { urls } from "../../urls.js";
import { CreateKeyMutation } from "./create-key.graphql.js";
import { LIFESPANS, type Lifespan } from "./key-lifespans.js";

type Payload = NonNullable<ResultOf<typeof CreateKeyMutation>["createApiKey"]>;
type Created = Omit<Payload, "apiKey" | "secret"> & { apiKey: NonNullable<Payload["apiKey"]>; secret: string };

interface Props {
  opened: boolean;
  onClose: () => void;
  /** Preselects the holder (from a holder's page). */
  holder?: PickedHolder;
}

/**
 * Issues a key to a holder. The secret comes back once: the dialog then shows it with a copy
 * button, and every way out asks first until it has been copied, so it is not lost by accident.
 */
export function CreateKeyDialog({ opened, onClose, holder }: Props) {
  const { run: createKey, failure, setFailure } = usePayloadMutation(CreateKeyMutation, "createApiKey", "secret");
  const [, navigate] = useLocation();
  const form = useForm({
    initialValues: {
      name: "",
      holder: (holder ?? null) as PickedHolder | null,
      environment: "STAGING" as "STAGING" | "PRODUCTION",
      lifespan: "DAYS_90" as Lifespan,
    },
    validate: {
      name: nameRule(LIMIT.name, "Name the key after what uses it"),
      holder: (v) => (v ? null : "Choose who holds the key"),
    },
  });

  const secret = useRevealedSecret<Created>(onClose, form, setFailure);

  const submit = form.onSubmit(async (values) => {
    const input = {
      name: values.name.trim(),
      holderId: values.holder?.id ?? "",
      environment: values.environment,
      lifespan: values.lifespan,
    };
    const { payload } = await createKey({ input }, { form, fields: { holderId: "holder" } });
    if (payload?.apiKey) secret.reveal({ ...payload, apiKey: payload.apiKey });
  });

  return (
    <SecretDialog
      opened={opened}
      secret={secret}
      title="New API key"
      revealedTitle="Key created"
      revealed={(created) => (
        <>
          <Text size="sm">
            <b>{created.apiKey.name}</b> for {created.apiKey.holder.email}, {created.apiKey.environment.toLowerCase()}.
          </Text>
          {created.warnings.map((w) => (
            <Alert key={w.code} color="orange" title="Worth knowing">
              {w.message}
            </Alert>
          ))}
          <SecretReveal secret={created.secret} onCopied={secret.markCopied} />
        </>
      )}
      actions={
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={secret.guard(() => {
              const id = secret.revealed?.apiKey.id;
              secret.close();
              if (id) navigate(urls.key(id));
            })}
          >
            Open the key
          </Button>
          <Button onClick={secret.guard(secret.close)}>Done</Button>
        </Group>
      }
    >
      <DialogForm onSubmit={submit} submitLabel="Create key" onCancel={secret.close} loading={form.submitting}>
        <FailureAlert errors={failure} title="The key was not created" />
        <TextInput {...nameInputProps(form, LIMIT.name, "What uses it, e.g. billing-worker")} />
        <HolderPicker
          label="Holder"
          description="A group email is the safer holder: it outlives any one person."
          required
          value={form.values.holder}
          onChange={(h) => form.setFieldValue("holder", h)}
          error={form.errors.holder}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="environment-label">
            Environment
          </Text>
          <SegmentedControl
            aria-labelledby="environment-label"
            data={[
              { value: "STAGING", label: "Staging" },
              { value: "PRODUCTION", label: "Production" },
            ]}
            {...form.getInputProps("environment")}
          />
        </Stack>
        <Select
          label="Expires after"
          data={LIFESPANS.map((l) => ({ ...l }))}
          allowDeselect={false}
          {...form.getInputProps("lifespan")}
        />
      </DialogForm>
    </SecretDialog>
  );
}
