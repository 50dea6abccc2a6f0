import { Alert, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { DialogForm } from "../../components/DialogForm.js";
import { FormDialog } from "../../components/FormDialog.js";
import { applyServerErrors, type ServerError } from "../../components/form-errors.js";
import { HolderPicker, type PickedHolder } from "../../components/HolderPicker.js";
import { describeErrors } from "./holder-form.js";
import { useMembership } from "./use-membership.js";

interface Side {
  id: string;
  email: string;
}

type Props = {
  opened: boolean;
  onClose: () => void;
  /** Who is already on the other side, left out of the picker. */
  exclude: readonly string[];
} & ({ group: Side; user?: never } | { user: Side; group?: never });

type Values = { picked: PickedHolder | null; reason: string };

/**
 * Adds a member to a group email: from the group's page it picks an active user, from a user's
 * page it picks a group email.
 */
export function AddMembershipDialog({ opened, onClose, exclude, group, user }: Props) {
  const change = useMembership();
  const [failure, setFailure] = useState<ServerError[]>([]);
  const picking = group ? "USER" : "GROUP";
  const form = useForm<Values>({
    initialValues: { picked: null, reason: "" },
    validate: {
      picked: (v) => (v ? null : picking === "USER" ? "Choose a user" : "Choose a group email"),
      reason: (v) => (v.trim().length > 1000 ? "At most 1000 characters" : null),
    },
  });

  const close = () => {
    form.reset();
    setFailure([]);
    onClose();
  };

  const submit = form.onSubmit(async (values) => {
    setFailure([]);
    const picked = values.picked as PickedHolder;
    const groupId = group?.id ?? picked.id;
    const userId = user?.id ?? picked.id;
    const errors = await change("add", { groupId, userId, reason: values.reason });
    if (errors.length) {
      // The picked side's id is the input the user chose; errors on it belong under the picker.
      const pickedField = group ? "userId" : "groupId";
      setFailure(
        applyServerErrors(
          form,
          errors.map((e) => (e.field === pickedField ? { ...e, field: "picked" } : e)),
        ),
      );
      return;
    }
    const groupEmail = group?.email ?? picked.email;
    const userEmail = user?.email ?? picked.email;
    notifications.show({
      color: "teal",
      title: "Member added",
      message: `${userEmail} is now a member of ${groupEmail}.`,
    });
    close();
  });

  return (
    <FormDialog
      opened={opened}
      onClose={close}
      title={group ? `Add a member to ${group.email}` : `Add ${user?.email} to a group email`}
    >
      <DialogForm onSubmit={submit} submitLabel="Add member" onCancel={close} loading={form.submitting}>
        {failure.length > 0 && (
          <Alert color="red" role="alert" title="Nothing was changed">
            {describeErrors(failure)}
          </Alert>
        )}
        <HolderPicker
          label={picking === "USER" ? "User" : "Group email"}
          description={picking === "USER" ? "Only active users can join." : undefined}
          kind={picking}
          exclude={exclude}
          required
          data-autofocus
          value={form.values.picked}
          onChange={(h) => form.setFieldValue("picked", h)}
          error={form.errors.picked}
        />
        <TextInput label="Reason" description="Optional, for the audit trail" {...form.getInputProps("reason")} />
      </DialogForm>
    </FormDialog>
  );
}
