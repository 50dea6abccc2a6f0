import { notifications } from "@mantine/notifications";

/** Tells the user a change went through (the theme names the close button for screen readers). */
export function notify(message: string, color: "teal" | "blue" = "teal"): void {
  notifications.show({ color, message });
}
