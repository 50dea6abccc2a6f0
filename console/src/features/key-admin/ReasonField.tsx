import { Textarea } from "@mantine/core";

export const MAX_REASON = 1000;

/** Why a reason cannot be sent, or null: required ones must not be blank; none may pass 1000 characters. */
export function reasonProblem(reason: string, required: string | null): string | null {
  const why = reason.trim();
  if (!why && required) return required;
  return why.length > MAX_REASON ? `At most ${MAX_REASON} characters` : null;
}

/** The reason a change keeps in the audit trail. */
export function ReasonField({
  value,
  onChange,
  error,
  required,
  description,
}: {
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  required: boolean;
  description: string;
}) {
  return (
    <Textarea
      label="Reason"
      description={description}
      required={required}
      rows={2}
      data-autofocus
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
    />
  );
}
