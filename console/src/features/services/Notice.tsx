import { Alert, type AlertProps } from "@mantine/core";

// The theme's coloured alert titles fall short of WCAG AA contrast on their tinted background;
// the title takes the text colour, and the icon and background keep the alert's colour.
const STYLES = { title: { color: "var(--mantine-color-text)" } };

/** Mantine's Alert with a title readable in both colour schemes. */
export function Notice(props: AlertProps) {
  return <Alert styles={STYLES} {...props} />;
}
