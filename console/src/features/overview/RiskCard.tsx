import { Anchor, Card, Group, Loader, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconCircleCheck } from "@tabler/icons-react";
import type { CombinedError } from "urql";
import { Link } from "wouter";
import { QueryError } from "../../components/QueryState.js";
import { RiskItemList } from "./RiskItemList.js";
import type { RiskCategoryInfo, RiskItem } from "./risk-categories.js";
import { SEVERITY_ICON, SEVERITY_LABEL, severityColor } from "./severity.js";

interface Props {
  info: RiskCategoryInfo;
  count: number;
  /** The first few items. */
  items: readonly RiskItem[];
  expanded: boolean;
  onToggle: () => void;
  /** Every item (up to the API's page), once the card is expanded. */
  all: { items?: readonly RiskItem[]; fetching: boolean; error?: CombinedError; retry: () => void };
}

/**
 * One kind of ownership risk: how many, why it matters, the first items with their fix, and the
 * way to see all of them: the list filtered the same way when one exists, else the card itself.
 */
export function RiskCard({ info, count, items, expanded, onToggle, all }: Props) {
  const headingId = `risk-${info.slug}`;
  const listId = `risk-${info.slug}-items`;
  const color = severityColor(info.severity);
  const Icon = SEVERITY_ICON[info.severity];
  const calm = count === 0;
  const shown = expanded && all.items ? all.items : items;
  const canExpand = !info.list && count > items.length;
  // Most categories have one fix for every item: said once, it does not repeat down the card.
  const sharedFix = shown.length > 0 && shown.every((i) => i.fix === shown[0]?.fix) ? shown[0]?.fix : undefined;

  return (
    <Card
      withBorder
      component="section"
      aria-labelledby={headingId}
      padding="md"
      style={calm ? undefined : { borderLeft: `4px solid ${color}` }}
      data-severity={calm ? "none" : info.severity}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={2}>
          <Title order={2} size="h5" id={headingId}>
            {info.title}
          </Title>
          <Text size="sm" c="dimmed">
            {info.explanation}
          </Text>
        </Stack>
        <Text fz={28} fw={700} lh={1} style={calm ? undefined : { color }} data-testid={`${info.slug}-count`}>
          {count}
        </Text>
      </Group>

      <Stack gap="sm" mt="sm">
        {calm ? (
          <Group gap={6} wrap="nowrap">
            <ThemeIcon color="teal" variant="light" radius="xl" size="sm" aria-hidden>
              <IconCircleCheck size={14} />
            </ThemeIcon>
            <Text size="sm">None right now.</Text>
          </Group>
        ) : (
          <>
            <Group gap={4} wrap="nowrap">
              <Icon size={16} aria-hidden style={{ color }} />
              <Text size="xs" fw={600}>
                {SEVERITY_LABEL[info.severity]}
              </Text>
            </Group>
            {sharedFix && (
              <Text size="sm">
                <b>Fix:</b> {sharedFix}
              </Text>
            )}
            <RiskItemList id={listId} items={shown} hideFix={sharedFix !== undefined} action={info.itemAction} />
            {expanded && all.fetching && !all.items && <Loader size="xs" aria-label="Loading the rest" />}
            {expanded && all.error && <QueryError error={all.error} retry={all.retry} />}
            {expanded && all.items && count > all.items.length && (
              <Text size="xs" c="dimmed">
                Showing the first {all.items.length} of {count}.
              </Text>
            )}
          </>
        )}

        {!calm && (info.list || canExpand || info.related) && (
          <Group gap="md" justify="space-between" wrap="wrap">
            {info.list && (
              <Anchor component={Link} href={info.list.href} size="sm" fw={500}>
                See all {count} {info.list.label}
              </Anchor>
            )}
            {canExpand && (
              <Anchor
                component="button"
                type="button"
                size="sm"
                fw={500}
                onClick={onToggle}
                aria-expanded={expanded}
                aria-controls={listId}
              >
                {expanded ? "Show fewer" : `Show all ${count}`}
              </Anchor>
            )}
            {info.related && (
              <Anchor component={Link} href={info.related.href} size="xs">
                {info.related.label}
              </Anchor>
            )}
          </Group>
        )}
      </Stack>
    </Card>
  );
}
