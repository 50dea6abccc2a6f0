import { Alert } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useEffect } from "react";
import { DialogForm } from "../../components/DialogForm.js";
import { FormDialog } from "../../components/FormDialog.js";
import type { ServerError } from "../../components/form-errors.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { HolderFields } from "./HolderFields.js";
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
  const user = usePayloadMutation(UpdateUserMutation, "updateUser", "user");
  const groupEmail = usePayloadMutation(UpdateGroupEmailMutation, "updateGroupEmail", "groupEmail");
  const group = holder.__typename === "GroupEmail";
  const { failure, setFailure } = group ? groupEmail : user;
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
    const base = { id: holder.id, version: holder.version, email: values.email.trim(), name: values.name.trim() };
    const { payload, errors } = group
      ? await groupEmail.run({ input: { ...base, description: values.description.trim() } }, { form })
      : await user.run({ input: base }, { form });
    if (errors.some((e: ServerError) => e.code === "VERSION_CONFLICT")) {
      setFailure([{ code: "VERSION_CONFLICT", message: CONFLICT }]);
      reload();
      return;
    }
    if (!payload) return;
    notifications.show({ color: "teal", title: "Saved", message: `${values.email.trim()} is up to date.` });
    close();
  });

  return (
    <FormDialog opened={opened} onClose={close} title={group ? "Edit group email" : "Edit user"}>
      <DialogForm onSubmit={submit} submitLabel="Save" onCancel={close} loading={form.submitting}>
        {failure.length > 0 && (
          <Alert color={failure[0]?.code === "VERSION_CONFLICT" ? "orange" : "red"} role="alert" title="Not saved">
            {describeErrors(failure)}
          </Alert>
        )}
        <HolderFields
          form={form}
          group={group}
          emailHint="Keys and roles stay with the holder; only the address changes."
        />
      </DialogForm>
    </FormDialog>
  );
}
