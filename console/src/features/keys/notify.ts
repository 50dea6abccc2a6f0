import { notifications } from "@mantine/notifications";

/** A change went through. The close button gets a name, which Mantine's icon button lacks. */
export function notifyDone(message: string): void {
  notifications.show({ color: "teal", message, closeButtonProps: { "aria-label": "Dismiss" } });
}
