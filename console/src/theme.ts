import {
  Badge,
  type CSSVariablesResolver,
  createTheme,
  DEFAULT_THEME,
  Modal,
  ModalHeader,
  Notification,
} from "@mantine/core";

/** Modal and notification close buttons are icons: give them a name screen readers can say. */
const CLOSE = { "aria-label": "Close" };

export const theme = createTheme({
  primaryColor: "blue",
  // Filled buttons and badges use this shade; 9 keeps white text above 4.5:1 (WCAG AA) for
  // every colour, red included.
  primaryShade: { light: 9, dark: 8 },
  defaultRadius: "md",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  fontFamilyMonospace: "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace",
  components: {
    Modal: Modal.extend({ defaultProps: { closeButtonProps: CLOSE } }),
    // A dialog's <header> is not the page's banner: without this, screen readers (and axe) find a
    // second, unnamed page header whenever a dialog is open.
    ModalHeader: ModalHeader.extend({ defaultProps: { role: "none" } }),
    // A badge states a fact (PRODUCTION, REVOKED): it keeps its whole word in a narrow table cell
    // instead of shrinking to "PRODUCTI…".
    Badge: Badge.extend({ styles: { root: { flexShrink: 0, overflow: "visible" }, label: { overflow: "visible" } } }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: CLOSE },
      // Mantine's grey description text is 3.3:1 on white.
      styles: { description: { color: "var(--mantine-color-text)" } },
    }),
  },
});

/**
 * Mantine's light-mode defaults for dimmed text, links and the text of light and outline
 * variants sit below 4.5:1 on white and on striped rows; the darker shades keep the same hues
 * and pass WCAG AA.
 */
const BRIGHT = new Set(["orange", "yellow", "teal", "green", "lime", "cyan"]);

export const cssVariablesResolver: CSSVariablesResolver = () => {
  const light: Record<string, string> = {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    "--mantine-color-anchor": "var(--mantine-color-blue-9)",
    "--mantine-color-placeholder": "var(--mantine-color-gray-6)",
    // Field errors: red.6 is 3.3:1 on white.
    "--mantine-color-error": "var(--mantine-color-red-9)",
  };
  for (const color of Object.keys(DEFAULT_THEME.colors)) {
    // Bright hues stay under 4.5:1 even at shade 9 on their own tinted background.
    const text = BRIGHT.has(color)
      ? `color-mix(in srgb, var(--mantine-color-${color}-9), black 35%)`
      : `var(--mantine-color-${color}-9)`;
    light[`--mantine-color-${color}-light-color`] = text;
    light[`--mantine-color-${color}-outline`] = text;
    light[`--mantine-color-${color}-text`] = text;
  }
  // Mantine's dark-mode dimmed text (dark.2) is under 4.5:1 on the dark body.
  // Its field errors (red.8) are 3.4:1 on the dark body and in dialogs; red.4 is above 6:1.
  const dark = {
    "--mantine-color-dimmed": "var(--mantine-color-dark-1)",
    "--mantine-color-error": "var(--mantine-color-red-4)",
  };
  return { variables: {}, light, dark };
};
