import { Modal, type ModalProps, Text } from "@mantine/core";
import type { ReactNode } from "react";

interface Props {
  opened: boolean;
  onClose: () => void;
  /** The dialog's name, shown in bold. */
  title: ReactNode;
  size?: ModalProps["size"];
  children: ReactNode;
}

/** The dialog a form opens in: a bold title and a close button screen readers can name. */
export function FormDialog({ opened, onClose, title, size, children }: Props) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={<Text fw={600}>{title}</Text>}
      size={size}
      closeButtonProps={{ "aria-label": "Close" }}
    >
      {children}
    </Modal>
  );
}
