import type { HolderKind } from "@keyholder/graphql";
import { Alert, Button, Group, Modal, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useMutation } from "urql";
import { useLocation } from "wouter";
import { applyServerErrors, type ServerError } from "../../components/form-errors.js";
import { LIMIT, limited } from "../../components/text-limit.js";
import { describeErrors, type HolderFormValues, holderValidation } from "./holder-form.js";
import { CreateGroupEmailMutation, CreateUserMutation } from "./holders.graphql.js";

interface Props {
  kind: HolderKind;
  opened: boolean;
  onClose: () => void;
}

/** Adds a member of staff or a group email, then opens its page (where a group gets its members). */
export function NewHolderDialog({ kind, opened, onClose }: Props) {
  const [, createUser] = useMutation(CreateUserMutation);
  const [, createGroup] = useMutation(CreateGroupEmailMutation);
  const [failure, setFailure] = useState<ServerError[]>([]);
  const [, navigate] = useLocation();
  const group = kind === "GROUP";
  const form = useForm<HolderFormValues>({
    initialValues: { email: "", name: "", description: "" },
    validate: holderValidation,
  });

  const close = () => {
    form.reset();
    setFailure([]);
    onClose();
  };

  const submit = form.onSubmit(async (values) => {
    setFailure([]);
    const email = values.email.trim();
    const name = values.name.trim();
    const result = group
      ? await createGroup({ input: { email, name, description: values.description.trim() || null } }).then((r) => ({
          error: r.error,
          payload: r.data && { holder: r.data.createGroupEmail.groupEmail, errors: r.data.createGroupEmail.errors },
        }))
      : await createUser({ input: { email, name } }).then((r) => ({
          error: r.error,
          payload: r.data && { holder: r.data.createUser.user, errors: r.data.createUser.errors },
        }));
    const payload = result.payload;
    if (!payload) {
      setFailure([{ code: "INTERNAL_SERVER_ERROR", message: result.error?.message ?? "Keyholder did not answer." }]);
      return;
    }
    if (payload.errors.length || !payload.holder) {
      setFailure(applyServerErrors(form, payload.errors));
      return;
    }
    notifications.show({
      color: "teal",
      title: group ? "Group email added" : "User added",
      message: group ? `${payload.holder.email} needs at least two members.` : payload.holder.email,
    });
    const id = payload.holder.id;
    close();
    navigate(`/holders/${id}`);
  });

  return (
    <Modal
      opened={opened}
      onClose={close}
      closeButtonProps={{ "aria-label": "Close" }}
      title={<Text fw={600}>{group ? "New group email" : "New user"}</Text>}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {failure.length > 0 && (
            <Alert color="red" role="alert" title={group ? "The group email was not added" : "The user was not added"}>
              {describeErrors(failure)}
            </Alert>
          )}
          <TextInput
            label="Email"
            description={group ? "The shared mailbox, e.g. finance-team@agency.gov" : undefined}
            type="email"
            required
            data-autofocus
            maxLength={LIMIT.email}
            {...form.getInputProps("email")}
          />
          <TextInput
            label="Name"
            required
            {...form.getInputProps("name")}
            {...limited(LIMIT.name, form.values.name, group ? "The team behind it" : "Full name")}
          />
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
              {group ? "Add group email" : "Add user"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
