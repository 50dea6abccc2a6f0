import type { ResultOf } from "@keyholder/graphql";
import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useLocation } from "wouter";
import { DialogActions } from "../../components/DialogActions.js";
import { FailureAlert } from "../../components/FailureAlert.js";
import { HolderPicker, type PickedHolder } from "../../components/HolderPicker.js";
import { SecretReveal } from "../../components/SecretReveal.js";
import { LIMIT, limited } from "../../components/text-limit.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { useSecretGuard } from "../../components/use-secret-guard.js";
import { urls } from "../../urls.js";
import { CreateKeyMutation } from "./create-key.graphql.js";
import { LIFESPANS, type Lifespan } from "./key-lifespans.js";

type Created = NonNullable<ResultOf<typeof CreateKeyMutation>["createApiKey"]>;

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
  const [created, setCreated] = useState<Created | null>(null);
  const [, navigate] = useLocation();
  const form = useForm({
    initialValues: {
      name: "",
      holder: (holder ?? null) as PickedHolder | null,
      environment: "STAGING" as "STAGING" | "PRODUCTION",
      lifespan: "DAYS_90" as Lifespan,
    },
    validate: {
      name: (v) =>
        v.trim()
          ? v.trim().length > LIMIT.name
            ? `At most ${LIMIT.name} characters`
            : null
          : "Name the key after what uses it",
      holder: (v) => (v ? null : "Choose who holds the key"),
    },
  });

  const close = () => {
    form.reset();
    setCreated(null);
    setFailure([]);
    onClose();
  };
  const { guard, markCopied, prompt } = useSecretGuard(Boolean(created?.secret));

  const submit = form.onSubmit(async (values) => {
    const input = {
      name: values.name.trim(),
      holderId: values.holder?.id ?? "",
      environment: values.environment,
      lifespan: values.lifespan,
    };
    const { payload } = await createKey({ input }, { form, fields: { holderId: "holder" } });
    if (!payload) return;
    setCreated(payload);
  });

  return (
    <Modal
      opened={opened}
      onClose={guard(close)}
      title={<Text fw={600}>{created ? "Key created" : "New API key"}</Text>}
      size="lg"
    >
      {created?.apiKey && created.secret ? (
        <Stack>
          <Text size="sm">
            <b>{created.apiKey.name}</b> for {created.apiKey.holder.email}, {created.apiKey.environment.toLowerCase()}.
          </Text>
          {created.warnings.map((w) => (
            <Alert key={w.code} color="orange" title="Worth knowing">
              {w.message}
            </Alert>
          ))}
          <SecretReveal secret={created.secret} onCopied={markCopied} />
          {prompt ?? (
            <Group justify="flex-end">
              <Button
                variant="default"
                onClick={guard(() => {
                  const id = created.apiKey?.id;
                  close();
                  if (id) navigate(urls.key(id));
                })}
              >
                Open the key
              </Button>
              <Button onClick={guard(close)}>Done</Button>
            </Group>
          )}
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <FailureAlert errors={failure} title="The key was not created" />
            <TextInput
              label="Name"
              required
              data-autofocus
              {...form.getInputProps("name")}
              {...limited(LIMIT.name, form.values.name, "What uses it, e.g. billing-worker")}
            />
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
            <DialogActions submitLabel="Create key" onCancel={close} loading={form.submitting} />
          </Stack>
        </form>
      )}
    </Modal>
  );
}
