import { Anchor, Stack, Text } from "@mantine/core";
import { Link } from "wouter";
import { subjectHref } from "./risk-categories.js";

export interface RiskItem {
  subjectType: string;
  subjectId: string;
  title: string;
  detail: string;
  fix: string;
}

/**
 * The things at risk in one category: each links to its page and says what is wrong, and what
 * fixes it unless the card already says so once for all of them (`hideFix`).
 */
export function RiskItemList({ id, items, hideFix }: { id?: string; items: readonly RiskItem[]; hideFix?: boolean }) {
  return (
    <Stack component="ul" id={id} gap="xs" m={0} p={0} style={{ listStyle: "none" }}>
      {items.map((item) => {
        const href = subjectHref(item.subjectType, item.subjectId);
        return (
          <li key={`${item.subjectType}:${item.subjectId}`}>
            {href ? (
              <Anchor component={Link} href={href} size="sm" fw={500}>
                {item.title}
              </Anchor>
            ) : (
              <Text size="sm" fw={500}>
                {item.title}
              </Text>
            )}
            <Text size="xs">{item.detail}</Text>
            {!hideFix && (
              <Text size="xs" c="dimmed">
                Fix: {item.fix}
              </Text>
            )}
          </li>
        );
      })}
    </Stack>
  );
}
