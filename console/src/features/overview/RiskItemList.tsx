import { Anchor, Stack, Text } from "@mantine/core";
import { Link } from "wouter";
import { subjectHref } from "../../urls.js";
import { Can } from "../auth/Can.js";
import type { RiskItem, RiskItemAction } from "./risk-categories.js";

interface Props {
  id?: string;
  items: readonly RiskItem[];
  hideFix?: boolean;
  action?: (item: RiskItem) => RiskItemAction | undefined;
}

/**
 * The things at risk in one category: each links to its page and says what is wrong, and what
 * fixes it unless the card already says so once for all of them (`hideFix`), with a link to the
 * fix where the category has one (`action`).
 */
export function RiskItemList({ id, items, hideFix, action }: Props) {
  return (
    <Stack component="ul" id={id} gap="xs" m={0} p={0} style={{ listStyle: "none" }}>
      {items.map((item) => {
        const href = subjectHref(item.subjectType, item.subjectId);
        const fix = action?.(item);
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
            {fix && (
              <Can atLeast={fix.atLeast}>
                <Anchor component={Link} href={fix.href} size="xs" fw={500}>
                  {fix.label}
                </Anchor>
              </Can>
            )}
          </li>
        );
      })}
    </Stack>
  );
}
