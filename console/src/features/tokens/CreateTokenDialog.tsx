import type { Role } from "@keyholder/graphql";
import { Code, NumberInput, Select, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { DialogForm } from "../../components/DialogForm.js";
import { FailureAlert } from "../../components/FailureAlert.js";
import { nameInputProps, nameRule, wholeNumberRule } from "../../components/form-rules.js";
import { notify } from "../../components/notify.js";
import { SecretDialog } from "../../components/SecretDialog.js";
import { SecretReveal } from "../../components/SecretReveal.js";
import { LIMIT } from "../../components/text-limit.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { useRevealedSecret } from "../../components/use-revealed-secret.js";
import { roleAllows } from "../auth/roles.js";
import { useSession } from "../auth/session.js";
import { CreateAccessTokenMutation } from "./tokens.graphql.js";

const ROLES: { value: Role; label: string }[] = [
  { value: "VIEWER", label: "Viewer: reads only" },
  { value: "OPERATOR", label: "Operator: also changes keys, holders and services, offboards" },
  { value: "ADMIN", label: "Admin: also manages accounts and everyone's tokens" },
];

const MAX_DAYS = 365;

interface Created {
  name: string;
  secret: string;
}

/**
 * Creates a personal access token. Only roles up to the signed-in one are offered (the API refuses
 * more). The secret comes back once: the dialog then shows it, and every way out asks first until
 * it has been copied.
 */
export function CreateTokenDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { viewer } = useSession();
  const roles = ROLES.filter((r) => roleAllows(viewer.role, r.value));
  const {
    run: create,
    failure,
    setFailure,
  } = usePayloadMutation(CreateAccessTokenMutation, "createAccessToken", "secret");
  const form = useForm({
    initialValues: { name: "", role: "VIEWER" as Role, expiresInDays: 90 as number | string },
    validate: {
      name: nameRule(LIMIT.tokenName, "Name it after what will use it"),
      role: (v) => (roles.some((r) => r.value === v) ? null : "Choose a role no higher than your own"),
      expiresInDays: wholeNumberRule(1, MAX_DAYS, `A whole number of days from 1 to ${MAX_DAYS}`),
    },
  });

  const secret = useRevealedSecret<Created>(onClose, form, setFailure);

  const submit = form.onSubmit(async (values) => {
    const { payload } = await create(
      { input: { name: values.name.trim(), role: values.role, expiresInDays: Number(values.expiresInDays) } },
      { form },
    );
    if (!payload) return;
    secret.reveal({ name: values.name.trim(), secret: payload.secret });
    notify(`Access token “${values.name.trim()}” created.`);
  });

  return (
    <SecretDialog
      opened={opened}
      secret={secret}
      title="New access token"
      revealedTitle="Access token created"
      revealed={(created) => (
        <>
          <Text size="sm">
            <b>{created.name}</b>. Scripts send it as <Code>Authorization: Bearer …</Code>
          </Text>
          <SecretReveal secret={created.secret} label="Access token" onCopied={secret.markCopied} />
        </>
      )}
    >
      <DialogForm onSubmit={submit} submitLabel="Create token" onCancel={secret.close} loading={form.submitting}>
        <FailureAlert errors={failure} title="The token was not created" />
        <TextInput {...nameInputProps(form, LIMIT.tokenName, "What will use it, e.g. HR leavers feed")} />
        <Select
          label="Role"
          description="The most the token may do; never more than your own role."
          data={roles}
          allowDeselect={false}
          required
          {...form.getInputProps("role")}
        />
        <NumberInput
          label="Lifetime (days)"
          description={`From 1 to ${MAX_DAYS} days.`}
          min={1}
          max={MAX_DAYS}
          // Out-of-range or fractional input stays as typed and gets a field error, instead of
          // being changed silently into a number nobody chose.
          clampBehavior="none"
          required
          {...form.getInputProps("expiresInDays")}
        />
      </DialogForm>
    </SecretDialog>
  );
}
