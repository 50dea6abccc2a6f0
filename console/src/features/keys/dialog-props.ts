/** Mantine's modal close button is an icon without a name; screen readers need one. */
export const CLOSE_BUTTON = { "aria-label": "Close" } as const;
