import { Switch, Textarea } from "@mantine/core";
import { type UseFormReturnType, useForm } from "@mantine/form";
import { useState } from "react";
import { applyServerErrors, type ServerError } from "../../components/form-errors.js";
import { HolderPicker, type PickedHolder } from "../../components/HolderPicker.js";
import { renameFields } from "../../components/payload-errors.js";

export type ReassignValues = {
  holder: PickedHolder | null;
  keepAccess: boolean;
  allowWiderAccess: boolean;
  reason: string;
};

/**
 * The form behind reassigning one key or many: who takes them, whether access is kept, and an
 * optional reason. `noHolder` is what a missing holder is told.
 */
export function useReassignForm(noHolder: string) {
  const [failure, setFailure] = useState<ServerError[]>([]);
  const form = useForm<ReassignValues>({
    initialValues: { holder: null, keepAccess: true, allowWiderAccess: false, reason: "" },
    validate: {
      holder: (v) => (v ? null : noHolder),
      reason: (v) => (v.trim().length > 1000 ? "At most 1000 characters" : null),
    },
  });
  /** The preview's yes (or no) to the keys whose access would widen. */
  const allowWider = (allowed: boolean) => {
    form.setFieldValue("allowWiderAccess", allowed);
    setFailure([]);
  };
  /** Shows why the move was refused: what is about the new holder beside the picker, the rest above the form. */
  const refuse = (errors: ServerError[]) =>
    setFailure(applyServerErrors(form, renameFields(errors, { toHolderId: "holder" })));
  return { form, failure, setFailure, allowWider, refuse };
}

/** The part of the input both reassign mutations take from the form. */
export function reassignInput(values: ReassignValues) {
  return {
    toHolderId: values.holder?.id ?? "",
    keepAccess: values.keepAccess,
    allowWiderAccess: values.allowWiderAccess,
    reason: values.reason.trim() || undefined,
  };
}

/** The end of the "now held by" notice, when keeping access made the new holder a Billing collaborator. */
export function billingAddedText(billingAdded: readonly { slug: string }[]): string {
  return billingAdded.length
    ? ` It became a Billing collaborator on ${billingAdded.map((s) => s.slug).join(", ")}.`
    : "";
}

interface Props {
  form: UseFormReturnType<ReassignValues>;
  /** Called when another holder is picked: an earlier failure no longer applies. */
  onHolderPicked: () => void;
  /** Holders not offered: the key's current holder. */
  exclude?: readonly string[];
  /** Under "Keep access", after the sentence naming the new holder. */
  keepAccessDetail: string;
  reasonDescription: string;
}

/** The new holder, "Keep access" and the reason, as both reassign dialogs ask them. */
export function ReassignFields({ form, onHolderPicked, exclude, keepAccessDetail, reasonDescription }: Props) {
  const target = form.values.holder;
  return (
    <>
      <HolderPicker
        label="New holder"
        description="A group email is the safer holder: it outlives any one person. People who have left are not offered."
        required
        data-autofocus
        exclude={exclude}
        value={target}
        onChange={(h) => {
          form.setFieldValue("holder", h);
          // A yes given for one holder's list of widening keys is not a yes for another's.
          form.setFieldValue("allowWiderAccess", false);
          onHolderPicked();
        }}
        error={form.errors.holder}
      />
      <Switch
        label="Keep access"
        description={`Make ${target?.email ?? "the new holder"} a Billing collaborator ${keepAccessDetail}`}
        {...form.getInputProps("keepAccess", { type: "checkbox" })}
        onChange={(e) => {
          form.setFieldValue("keepAccess", e.currentTarget.checked);
          form.setFieldValue("allowWiderAccess", false);
        }}
      />
      <Textarea label="Reason" description={reasonDescription} rows={2} {...form.getInputProps("reason")} />
    </>
  );
}
