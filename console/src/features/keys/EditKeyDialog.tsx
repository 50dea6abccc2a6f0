import { Radio, Select, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { ChangeFailure } from "../../components/ChangeFailure.js";
import { DialogForm } from "../../components/DialogForm.js";
import { FormDialog } from "../../components/FormDialog.js";
import { nameInputProps, nameRule } from "../../components/form-rules.js";
import { formatDateTime } from "../../components/format.js";
import { notify } from "../../components/notify.js";
import { LIMIT } from "../../components/text-limit.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import type { KeyDialogProps, KeyFormProps } from "../key-admin/key-dialog.js";
import { type KeyDetail, UpdateKeyMutation } from "./key.graphql.js";
import { LIFESPANS, type Lifespan } from "./key-lifespans.js";

type Editable = Pick<KeyDetail, "id" | "name" | "expiresAt" | "version">;

type Props = KeyDialogProps<Editable>;

/** Renames the key or changes its expiry, at the version that was read. */
export function EditKeyDialog({ opened, onClose, apiKey, onReload }: Props) {
  return (
    <FormDialog opened={opened} onClose={onClose} title={`Edit ${apiKey.name}`} size="lg">
      <EditKeyForm apiKey={apiKey} onDone={onClose} onReload={onReload} />
    </FormDialog>
  );
}

/** The end of the chosen day, in the user's time zone. */
function endOfDay(date: string): Date {
  return new Date(`${date}T23:59:59`);
}

function EditKeyForm({ apiKey: key, onDone, onReload }: KeyFormProps<Editable>) {
  const { run: update, failure } = usePayloadMutation(UpdateKeyMutation, "updateApiKey", "apiKey");
  const form = useForm({
    initialValues: {
      name: key.name,
      expiry: "keep" as "keep" | "lifespan" | "date",
      lifespan: "DAYS_90" as Lifespan,
      expiresAt: "",
    },
    validate: {
      name: nameRule(LIMIT.name, "Name the key after what uses it"),
      expiresAt: (v, values) => {
        if (values.expiry !== "date") return null;
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return "Pick the last day the key should work";
        return endOfDay(v).getTime() > Date.now() ? null : "Pick a day that has not passed";
      },
    },
  });

  const submit = form.onSubmit(async (values) => {
    const name = values.name.trim();
    const renamed = name !== key.name;
    if (!renamed && values.expiry === "keep") {
      onDone();
      return;
    }
    const { payload } = await update(
      {
        input: {
          id: key.id,
          version: key.version,
          name: renamed ? name : undefined,
          lifespan: values.expiry === "lifespan" ? values.lifespan : undefined,
          expiresAt: values.expiry === "date" ? endOfDay(values.expiresAt).toISOString() : undefined,
        },
      },
      { form },
    );
    if (!payload) return;
    notify(`${payload.apiKey.name} is saved.`);
    onDone();
  });

  return (
    <DialogForm onSubmit={submit} submitLabel="Save" onCancel={onDone} loading={form.submitting}>
      <ChangeFailure subject="key" errors={failure} title="The key was not saved" onReload={onReload} />
      <TextInput {...nameInputProps(form, LIMIT.name, "What uses it")} />
      <Radio.Group
        label="Expiry"
        description={`Now: ${key.expiresAt ? formatDateTime(key.expiresAt) : "never expires"}`}
        {...form.getInputProps("expiry")}
      >
        <Stack gap="xs" mt="xs">
          <Radio value="keep" label="Keep it as it is" />
          <Radio value="lifespan" label="A new lifespan, counted from now" />
          <Radio value="date" label="A date" />
        </Stack>
      </Radio.Group>
      {form.values.expiry === "lifespan" && (
        <Select
          label="Lifespan"
          description="“Never expires” removes the expiry."
          data={LIFESPANS.map((l) => ({ ...l }))}
          allowDeselect={false}
          {...form.getInputProps("lifespan")}
        />
      )}
      {form.values.expiry === "date" && (
        <TextInput
          type="date"
          label="Last day it works"
          description="It stops at the end of that day, your time."
          required
          {...form.getInputProps("expiresAt")}
        />
      )}
    </DialogForm>
  );
}
