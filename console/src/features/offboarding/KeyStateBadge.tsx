import { Badge } from "@mantine/core";

/**
 * The plan knows only whether a key works at all, not whether it was revoked or expired. Outline,
 * because teal text on a light-teal fill stays under 4.5:1.
 */
export function KeyStateBadge({ active }: { active: boolean }) {
  return (
    <Badge color={active ? "teal" : "gray"} variant="outline" style={{ flexShrink: 0, minWidth: "fit-content" }}>
      {active ? "active" : "inactive"}
    </Badge>
  );
}
