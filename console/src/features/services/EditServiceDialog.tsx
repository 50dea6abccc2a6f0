import { Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle } from "@tabler/icons-react";
import { ChangeFailure } from "../../components/ChangeFailure.js";
import { DialogForm } from "../../components/DialogForm.js";
import { FormDialog } from "../../components/FormDialog.js";
import { descriptionInputProps, nameInputProps } from "../../components/form-rules.js";
import { notify } from "../../components/notify.js";
import { LIMIT } from "../../components/text-limit.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { Notice } from "./Notice.js";
import type { ServiceDetail } from "./service.graphql.js";
import { type ServiceValues, serviceValidation } from "./service-form.js";
import { UpdateServiceMutation } from "./service-mutations.graphql.js";

type Editable = Pick<ServiceDetail, "id" | "slug" | "name" | "description" | "version">;

interface Props {
  opened: boolean;
  onClose: () => void;
  service: Editable;
  onReload: () => void;
}

/** Changes the service's slug, name or description, at the version that was read. */
export function EditServiceDialog({ opened, onClose, service, onReload }: Props) {
  return (
    <FormDialog opened={opened} onClose={onClose} title={`Edit ${service.slug}`} size="lg">
      <EditServiceForm service={service} onDone={onClose} onReload={onReload} />
    </FormDialog>
  );
}

function EditServiceForm({
  service,
  onDone,
  onReload,
}: {
  service: Editable;
  onDone: () => void;
  onReload: () => void;
}) {
  const { run: update, failure } = usePayloadMutation(UpdateServiceMutation, "updateService", "service");
  const form = useForm<ServiceValues>({
    initialValues: { slug: service.slug, name: service.name, description: service.description ?? "" },
    validate: serviceValidation,
  });
  const slugChanged = form.values.slug.trim() !== service.slug;

  const submit = form.onSubmit(async (values) => {
    const slug = values.slug.trim();
    const name = values.name.trim();
    const description = values.description.trim();
    // Only what changed is sent: the API keeps omitted fields, and a blank description clears it.
    const input = {
      id: service.id,
      version: service.version,
      slug: slug !== service.slug ? slug : undefined,
      name: name !== service.name ? name : undefined,
      description: description !== (service.description ?? "") ? description : undefined,
    };
    if (input.slug === undefined && input.name === undefined && input.description === undefined) {
      onDone();
      return;
    }
    const { payload } = await update({ input }, { form });
    if (!payload) return;
    notify(`${payload.service.slug} is saved.`);
    onDone();
  });

  return (
    <DialogForm onSubmit={submit} submitLabel="Save" onCancel={onDone} loading={form.submitting}>
      <ChangeFailure subject="service" errors={failure} title="The service was not saved" onReload={onReload} />
      <TextInput {...nameInputProps(form, LIMIT.name)} />
      <TextInput
        label="Slug"
        description="Lower-case words and digits separated by hyphens"
        required
        {...form.getInputProps("slug")}
      />
      {slugChanged && (
        <Notice color="orange" icon={<IconAlertTriangle aria-hidden />} title="Backends name the service by its slug">
          Once the slug changes, a backend that still verifies keys against “{service.slug}” is refused for every key.
          Change its configuration at the same time.
        </Notice>
      )}
      <Textarea rows={4} {...descriptionInputProps(form, "Leave it blank to remove it.")} />
    </DialogForm>
  );
}
