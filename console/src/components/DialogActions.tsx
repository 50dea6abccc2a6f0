import { Button, Group } from "@mantine/core";

export interface DialogActionsProps {
  /** The submit button's words: what it does ("Create key"). */
  submitLabel: string;
  onCancel: () => void;
  loading?: boolean;
  danger?: boolean;
  disabled?: boolean;
}

/** A dialog form's footer: Cancel, then the submit button, at the right. */
export function DialogActions({ submitLabel, onCancel, loading, danger, disabled }: DialogActionsProps) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" loading={loading} color={danger ? "red" : undefined} disabled={disabled}>
        {submitLabel}
      </Button>
    </Group>
  );
}
