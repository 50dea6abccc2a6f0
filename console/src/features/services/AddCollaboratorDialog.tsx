import { AddCollaboratorMutation, type CollaboratorRole } from "@keyholder/graphql";
import { Select, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { DialogForm } from "../../components/DialogForm.js";
import { FormDialog } from "../../components/FormDialog.js";
import { HolderPicker, type PickedHolder } from "../../components/HolderPicker.js";
import { notify } from "../../components/notify.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { BillingGain } from "./BillingGain.js";
import { FailureNotice } from "./FailureNotice.js";
import { ROLE_HELP, ROLE_LABEL, ROLES } from "./RoleBadge.js";
import type { ServiceDetail } from "./service.graphql.js";

interface Props {
  opened: boolean;
  onClose: () => void;
  service: ServiceDetail;
}

/** Gives a holder a role on the service. */
export function AddCollaboratorDialog({ opened, onClose, service }: Props) {
  return (
    <FormDialog opened={opened} onClose={onClose} title={`Add a collaborator to ${service.slug}`} size="lg">
      <AddCollaboratorForm service={service} onDone={onClose} />
    </FormDialog>
  );
}

function AddCollaboratorForm({ service, onDone }: { service: ServiceDetail; onDone: () => void }) {
  const { run: addCollaborator, failure } = usePayloadMutation(
    AddCollaboratorMutation,
    "addCollaborator",
    "collaborator",
  );
  const form = useForm({
    initialValues: { holder: null as PickedHolder | null, role: null as CollaboratorRole | null, reason: "" },
    validate: {
      holder: (v) => (v ? null : "Choose a user or a group email"),
      role: (v, values) => {
        if (!v) return "Choose a role";
        const held = service.collaborators.nodes.some((c) => c.holder.id === values.holder?.id && c.role === v);
        return held ? `${values.holder?.email} is already ${ROLE_LABEL[v]} on ${service.slug}` : null;
      },
      reason: (v) => (v.trim().length > 1000 ? "At most 1,000 characters" : null),
    },
  });

  const submit = form.onSubmit(async ({ holder, role, reason }) => {
    if (!holder || !role) return;
    const { payload } = await addCollaborator(
      { input: { serviceId: service.id, holderId: holder.id, role, reason: reason.trim() || null } },
      { form, fields: { holderId: "holder" } },
    );
    if (!payload) return;
    notify(`${holder.email} is now ${ROLE_LABEL[role]} on ${service.slug}.`);
    onDone();
  });

  const { holder, role } = form.values;
  return (
    <DialogForm onSubmit={submit} submitLabel="Add collaborator" onCancel={onDone} loading={form.submitting}>
      <FailureNotice errors={failure} title="The collaborator was not added" />
      <HolderPicker
        label="Holder"
        description="A group email outlives any one person; departed users cannot collaborate."
        required
        data-autofocus
        value={holder}
        onChange={(h) => form.setFieldValue("holder", h)}
        error={form.errors.holder}
      />
      <Select
        label="Role"
        description={ROLE_HELP}
        required
        placeholder="Choose a role"
        data={ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
        allowDeselect={false}
        {...form.getInputProps("role")}
      />
      {holder && role === "BILLING" && <BillingGain holderId={holder.id} email={holder.email} slug={service.slug} />}
      <Textarea label="Reason" description="Kept in the audit trail." rows={2} {...form.getInputProps("reason")} />
    </DialogForm>
  );
}
