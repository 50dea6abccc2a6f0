import { IconAlertCircle, IconAlertTriangle, IconInfoCircle } from "@tabler/icons-react";
import type { Severity } from "./risk-categories.js";

const HUE: Record<Severity, string> = { high: "red", medium: "orange", low: "blue" };

/** Dark enough on either colour scheme to pass contrast as text, not only as a border. */
export function severityColor(severity: Severity): string {
  const hue = HUE[severity];
  return `light-dark(var(--mantine-color-${hue}-9), var(--mantine-color-${hue}-4))`;
}

export const SEVERITY_ICON = { high: IconAlertTriangle, medium: IconAlertCircle, low: IconInfoCircle } as const;

export const SEVERITY_LABEL: Record<Severity, string> = {
  high: "High risk",
  medium: "Medium risk",
  low: "Worth a look",
};
