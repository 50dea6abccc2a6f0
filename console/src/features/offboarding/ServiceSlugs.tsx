import { Text } from "@mantine/core";

const SHOWN = 6;

/** Service slugs as a short line; `nowhere` when a key works on none. */
export function ServiceSlugs({ slugs, nowhere = "nowhere" }: { slugs: readonly string[]; nowhere?: string }) {
  if (slugs.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {nowhere}
      </Text>
    );
  }
  const rest = slugs.length - SHOWN;
  return (
    <Text size="sm" title={rest > 0 ? slugs.join(", ") : undefined}>
      {slugs.slice(0, SHOWN).join(", ")}
      {rest > 0 && ` and ${rest} more`}
    </Text>
  );
}
