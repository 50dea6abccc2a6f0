import { Anchor, Stack, Text } from "@mantine/core";
import { Link } from "wouter";
import type { Role } from "../../graphql.js";
import { Can } from "../auth/Can.js";
import { subjectHref } from "./risk-categories.js";

export interface RiskItem {
  subjectType: string;
  subjectId: string;
  title: string;
  detail: string;
  fix: string;
  holderId?: string | null;
  holderEmail?: string | null;
}

/** A link to what fixes one item, shown only to the roles that may do it. */
export interface RiskItemAction {
  href: string;
  label: string;
  atLeast: Role;
}

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
