import { Textarea } from "@mantine/core";

/** The optional reason a change to a service keeps in the audit trail. */
export function AuditReason({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <Textarea
      label="Reason"
      description="Kept in the audit trail."
      rows={2}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}
