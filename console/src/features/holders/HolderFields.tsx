import { Textarea, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import type { ReactNode } from "react";
import { descriptionInputProps } from "../../components/form-rules.js";
import { LIMIT, limited } from "../../components/text-limit.js";
import type { HolderFormValues } from "./holder-form.js";

interface Props {
  form: UseFormReturnType<HolderFormValues>;
  /** A group email also has a description. */
  group: boolean;
  emailHint?: ReactNode;
  nameHint?: ReactNode;
}

/** A holder's email, name and (for a group email) description, as adding and editing ask for them. */
export function HolderFields({ form, group, emailHint, nameHint }: Props) {
  return (
    <>
      <TextInput
        label="Email"
        description={emailHint}
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
        {...limited(LIMIT.name, form.values.name, nameHint)}
      />
      {group && <Textarea rows={3} {...descriptionInputProps(form)} />}
    </>
  );
}
