import { Button, Group, Text } from "@mantine/core";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import type { CursorPage } from "./pagination.js";
import { plural, pluralNoun } from "./plural.js";

interface Props {
  page: CursorPage;
  /** The connection as it came from the server; undefined while it has not arrived. */
  connection: { pageInfo: { hasNextPage: boolean; endCursor?: string | null }; totalCount: number } | undefined;
  shown: number;
  /** What is counted, in the singular: "key", "working key". */
  noun: string;
}

/** "51–100 of 138 keys" (or "1–1 of 1 key") with Previous and Next; pages come from the server by cursor. */
export function Pager({ page, connection, shown, noun }: Props) {
  if (connection === undefined) return null;
  const { pageInfo, totalCount } = connection;
  const start = page.index * page.first + (shown > 0 ? 1 : 0);
  const end = page.index * page.first + shown;
  return (
    <Group justify="space-between" mt="sm" component="nav" aria-label={`Pages of ${pluralNoun(noun)}`}>
      <Text size="sm" c="dimmed" aria-live="polite">
        {totalCount === 0 ? `No ${pluralNoun(noun)}` : `${start}–${end} of ${plural(totalCount, noun)}`}
      </Text>
      <Group gap="xs">
        <Button
          variant="default"
          size="xs"
          leftSection={<IconChevronLeft size={14} aria-hidden />}
          disabled={page.index === 0}
          onClick={() => page.previous()}
        >
          Previous
        </Button>
        <Button
          variant="default"
          size="xs"
          rightSection={<IconChevronRight size={14} aria-hidden />}
          disabled={!pageInfo.hasNextPage || !pageInfo.endCursor}
          onClick={() => pageInfo.endCursor && page.next(pageInfo.endCursor)}
        >
          Next
        </Button>
      </Group>
    </Group>
  );
}
