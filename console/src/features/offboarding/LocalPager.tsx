import { Group, Pagination, Text } from "@mantine/core";
import { plural, pluralNoun } from "../../components/plural.js";
import type { LocalPage } from "./local-page.js";

const CONTROL_LABELS = { first: "First page", previous: "Previous page", next: "Next page", last: "Last page" };

/** "51–100 of 320 keys" and page buttons, for a list held in the browser; `noun` is singular. */
export function LocalPager<T>({ page, noun }: { page: LocalPage<T>; noun: string }) {
  const start = page.count === 0 ? 0 : (page.index - 1) * page.size + 1;
  const end = Math.min(page.index * page.size, page.count);
  return (
    <Group justify="space-between" mt="sm" component="nav" aria-label={`Pages of ${pluralNoun(noun)}`}>
      <Text size="sm" c="dimmed" aria-live="polite">
        {page.count === 0 ? `No ${pluralNoun(noun)}` : `${start}–${end} of ${plural(page.count, noun)}`}
      </Text>
      {page.total > 1 && (
        <Pagination
          size="sm"
          total={page.total}
          value={page.index}
          onChange={page.go}
          getControlProps={(control) => ({ "aria-label": CONTROL_LABELS[control] })}
          getItemProps={(n) => ({ "aria-label": `Page ${n}` })}
        />
      )}
    </Group>
  );
}
