import { Alert, Button, Group, Modal, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useEffect, useState } from "react";
import { useMutation } from "urql";
import { applyServerErrors, type ServerError } from "../../components/form-errors.js";
import { LIMIT, limited } from "../../components/text-limit.js";
import { describeErrors, type HolderFormValues, holderValidation } from "./holder-form.js";
import { UpdateGroupEmailMutation, UpdateUserMutation } from "./holder-mutations.graphql.js";
import type { HolderDetail } from "./types.js";

interface Props {
  holder: HolderDetail;
  opened: boolean;
  onClose: () => void;
  /** Reloads the holder, after someone else changed it. */
  reload: () => void;
}

const CONFLICT =
  "Someone else changed this holder since you opened this form. The page now shows their change; " +
  "save again to replace it with yours, or cancel to keep theirs.";

/** Changes a holder's email and name (and a group's description), at the version read. */
export function EditHolderDialog({ holder, opened, onClose, reload }: Props) {
  const [, updateUser] = useMutation(UpdateUserMutation);
  const [, updateGroup] = useMutation(UpdateGroupEmailMutation);
  const [failure, setFailure] = useState<ServerError[]>([]);
  const group = holder.__typename === "GroupEmail";
  const current: HolderFormValues = {
    email: holder.email,
    name: holder.name,
    description: holder.__typename === "GroupEmail" ? (holder.description ?? "") : "",
  };
  const form = useForm<HolderFormValues>({ initialValues: current, validate: holderValidation });

  // Opening starts from what is on screen; a reload after a conflict keeps what was typed.
  useEffect(() => {
    if (opened) form.setValues(current);
  }, [opened]);

  const close = () => {
    setFailure([]);
    form.clearErrors();
    onClose();
  };

  const submit = form.onSubmit(async (values) => {
    setFailure([]);
    const base = { id: holder.id, version: holder.version, email: values.email.trim(), name: values.name.trim() };
    const result = group
      ? await updateGroup({ input: { ...base, description: values.description.trim() } }).then((r) => ({
          error: r.error,
          payload: r.data && { ok: !!r.data.updateGroupEmail.groupEmail, errors: r.data.updateGroupEmail.errors },
        }))
      : await updateUser({ input: base }).then((r) => ({
          error: r.error,
          payload: r.data && { ok: !!r.data.updateUser.user, errors: r.data.updateUser.errors },
        }));
    const payload = result.payload;
    if (!payload) {
      setFailure([{ code: "INTERNAL_SERVER_ERROR", message: result.error?.message ?? "Keyholder did not answer." }]);
      return;
    }
    if (payload.errors.some((e) => e.code === "VERSION_CONFLICT")) {
      setFailure([{ code: "VERSION_CONFLICT", message: CONFLICT }]);
      reload();
      return;
    }
    if (payload.errors.length || !payload.ok) {
      setFailure(applyServerErrors(form, payload.errors));
      return;
    }
    notifications.show({ color: "teal", title: "Saved", message: `${values.email.trim()} is up to date.` });
    close();
  });

  return (
    <Modal
      opened={opened}
      onClose={close}
      closeButtonProps={{ "aria-label": "Close" }}
      title={<Text fw={600}>{group ? "Edit group email" : "Edit user"}</Text>}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {failure.length > 0 && (
            <Alert color={failure[0]?.code === "VERSION_CONFLICT" ? "orange" : "red"} role="alert" title="Not saved">
              {describeErrors(failure)}
            </Alert>
          )}
          <TextInput
            label="Email"
            description="Keys and roles stay with the holder; only the address changes."
            type="email"
            required
            data-autofocus
            maxLength={LIMIT.email}
            {...form.getInputProps("email")}
          />
          <TextInput label="Name" required {...form.getInputProps("name")} {...limited(LIMIT.name, form.values.name)} />
          {group && (
            <Textarea
              label="Description"
              rows={3}
              {...form.getInputProps("description")}
              {...limited(LIMIT.description, form.values.description)}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
