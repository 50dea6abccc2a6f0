import { Badge } from "@mantine/core";
import type { CSSProperties } from "react";

const DAY_MS = 86_400_000;
/** The overview's window for unused keys: the badge and the "Unused for 90 days" filter agree. */
export const UNUSED_DAYS = 90;
const NO_SHRINK: CSSProperties = { flexShrink: 0, minWidth: "fit-content" };

/** An active key's expiry within 7 days (red) or 30 days (orange), as a badge; nothing otherwise. */
export function ExpiryBadge({
  expiresAt,
  active,
  now = Date.now(),
}: {
  expiresAt: string | null;
  active: boolean;
  now?: number;
}) {
  if (!active || !expiresAt) return null;
  const left = new Date(expiresAt).getTime() - now;
  if (left <= 0 || left > 30 * DAY_MS) return null;
  const week = left <= 7 * DAY_MS;
  return (
    <Badge color={week ? "red" : "orange"} variant="light" size="sm" style={NO_SHRINK}>
      {week ? "expires within 7 days" : "expires within 30 days"}
    </Badge>
  );
}

/**
 * "unused" for an active key not used for 90 days or more (or never, and created that long ago):
 * the same rule as the overview's unused keys and the list's "Unused for" filter.
 */
export function UnusedBadge({
  lastUsedAt,
  createdAt,
  active,
  now = Date.now(),
}: {
  lastUsedAt: string | null;
  createdAt: string;
  active: boolean;
  now?: number;
}) {
  if (!active) return null;
  const since = new Date(lastUsedAt ?? createdAt).getTime();
  if (now - since < UNUSED_DAYS * DAY_MS) return null;
  return (
    <Badge color="yellow" variant="light" size="sm" style={NO_SHRINK}>
      unused
    </Badge>
  );
}

/** A suspended key: refused everywhere until resumed. */
export function SuspendedBadge({ suspendedAt }: { suspendedAt: string | null }) {
  if (!suspendedAt) return null;
  return (
    <Badge color="grape" variant="light" style={NO_SHRINK}>
      suspended
    </Badge>
  );
}
