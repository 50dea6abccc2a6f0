import { notifications } from "@mantine/notifications";

/** A notification after a change went through; its close button is named, for screen readers. */
export function notify(message: string, color: "teal" | "blue" = "teal") {
  notifications.show({ color, message, closeButtonProps: { "aria-label": "Dismiss" } });
}
