import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { type ReactNode, useState } from "react";

interface Props {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** What will happen, in plain words. */
  children: ReactNode;
  confirmLabel: string;
  /** Red for what cannot be undone. */
  danger?: boolean;
  /** Disables the confirm button, e.g. until a required reason is typed. */
  disabled?: boolean;
  onConfirm: () => Promise<boolean | undefined> | boolean | undefined;
}

/**
 * Asks before a destructive or far-reaching action. The dialog stays open (with the buttons
 * busy) while the action runs, and closes only when it reports success (anything but `false`).
 */
export function ConfirmDialog({ opened, onClose, title, children, confirmLabel, danger, disabled, onConfirm }: Props) {
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      if ((await onConfirm()) !== false) onClose();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={busy ? () => undefined : onClose} title={<Text fw={600}>{title}</Text>} centered>
      <Stack>
        {children}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button color={danger ? "red" : undefined} onClick={confirm} loading={busy} disabled={disabled}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
