import type { HolderKind } from "@keyholder/graphql";
import { Alert } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useLocation } from "wouter";
import { DialogForm } from "../../components/DialogForm.js";
import { FormDialog } from "../../components/FormDialog.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { urls } from "../../urls.js";
import { HolderFields } from "./HolderFields.js";
import { describeErrors, type HolderFormValues, holderValidation } from "./holder-form.js";
import { CreateGroupEmailMutation, CreateUserMutation } from "./holders.graphql.js";

interface Props {
  kind: HolderKind;
  opened: boolean;
  onClose: () => void;
}

/** Adds a member of staff or a group email, then opens its page (where a group gets its members). */
export function NewHolderDialog({ kind, opened, onClose }: Props) {
  const user = usePayloadMutation(CreateUserMutation, "createUser", "user");
  const groupEmail = usePayloadMutation(CreateGroupEmailMutation, "createGroupEmail", "groupEmail");
  const [, navigate] = useLocation();
  const group = kind === "GROUP";
  const failure = group ? groupEmail.failure : user.failure;
  const form = useForm<HolderFormValues>({
    initialValues: { email: "", name: "", description: "" },
    validate: holderValidation,
  });

  const close = () => {
    form.reset();
    user.setFailure([]);
    groupEmail.setFailure([]);
    onClose();
  };

  const submit = form.onSubmit(async (values) => {
    const email = values.email.trim();
    const name = values.name.trim();
    const holder = group
      ? (await groupEmail.run({ input: { email, name, description: values.description.trim() || null } }, { form }))
          .payload?.groupEmail
      : (await user.run({ input: { email, name } }, { form })).payload?.user;
    if (!holder) return;
    notifications.show({
      color: "teal",
      title: group ? "Group email added" : "User added",
      message: group ? `${holder.email} needs at least two members.` : holder.email,
    });
    const id = holder.id;
    close();
    navigate(urls.holder(id));
  });

  return (
    <FormDialog opened={opened} onClose={close} title={group ? "New group email" : "New user"}>
      <DialogForm
        onSubmit={submit}
        submitLabel={group ? "Add group email" : "Add user"}
        onCancel={close}
        loading={form.submitting}
      >
        {failure.length > 0 && (
          <Alert color="red" role="alert" title={group ? "The group email was not added" : "The user was not added"}>
            {describeErrors(failure)}
          </Alert>
        )}
        <HolderFields
          form={form}
          group={group}
          emailHint={group ? "The shared mailbox, e.g. finance-team@agency.gov" : undefined}
          nameHint={group ? "The team behind it" : "Full name"}
        />
      </DialogForm>
    </FormDialog>
  );
}
