import { Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useLocation } from "wouter";
import { DialogForm } from "../../components/DialogForm.js";
import { FormDialog } from "../../components/FormDialog.js";
import { descriptionInputProps } from "../../components/form-rules.js";
import { notify } from "../../components/notify.js";
import { LIMIT, limited } from "../../components/text-limit.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { urls } from "../../urls.js";
import { FailureNotice } from "./FailureNotice.js";
import { type ServiceValues, serviceValidation, suggestSlug } from "./service-form.js";
import { CreateServiceMutation } from "./services.graphql.js";

interface Props {
  opened: boolean;
  onClose: () => void;
}

/** Adds a service, then opens it so its collaborators can be added next. */
export function CreateServiceDialog({ opened, onClose }: Props) {
  return (
    <FormDialog opened={opened} onClose={onClose} title="New service" size="lg">
      <CreateServiceForm onDone={onClose} />
    </FormDialog>
  );
}

function CreateServiceForm({ onDone }: { onDone: () => void }) {
  const { run: createService, failure } = usePayloadMutation(CreateServiceMutation, "createService", "service");
  // The slug follows the name until the user types one of their own.
  const [slugEdited, setSlugEdited] = useState(false);
  const [, navigate] = useLocation();
  const form = useForm<ServiceValues>({
    initialValues: { slug: "", name: "", description: "" },
    validate: serviceValidation,
  });

  const submit = form.onSubmit(async (values) => {
    const { payload } = await createService(
      { input: { slug: values.slug.trim(), name: values.name.trim(), description: values.description.trim() || null } },
      { form },
    );
    if (!payload) return;
    notify(`${payload.service.slug} is created. Add its collaborators next.`);
    onDone();
    navigate(urls.service(payload.service.id));
  });

  const name = form.getInputProps("name");
  const slug = form.getInputProps("slug");
  return (
    <DialogForm onSubmit={submit} submitLabel="Create service" onCancel={onDone} loading={form.submitting}>
      <FailureNotice errors={failure} title="The service was not created" />
      <TextInput
        label="Name"
        required
        data-autofocus
        {...name}
        {...limited(LIMIT.name, form.values.name, "What people call it, e.g. Parking fines")}
        onChange={(e) => {
          const value = e.currentTarget.value;
          form.setFieldValue("name", value);
          if (!slugEdited) form.setFieldValue("slug", suggestSlug(value));
        }}
      />
      <TextInput
        label="Slug"
        description="Lower-case words and digits separated by hyphens, e.g. parking-fines. Services' backends name the service by it when they verify a key."
        required
        {...slug}
        onChange={(e) => {
          setSlugEdited(true);
          form.setFieldValue("slug", e.currentTarget.value);
        }}
      />
      <Textarea rows={4} {...descriptionInputProps(form)} />
    </DialogForm>
  );
}
