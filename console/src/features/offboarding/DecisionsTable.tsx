import { NativeSelect, Stack, Table, Text } from "@mantine/core";
import { memo } from "react";
import { EnvironmentBadge } from "../../components/badges.js";
import { ColumnHeads } from "../../components/ColumnHeads.js";
import { HolderPicker, type PickedHolder } from "../../components/HolderPicker.js";
import { KeyNameCell } from "../../components/KeyNameCell.js";
import { EmptyState } from "../../components/QueryState.js";
import { type Decision, isSuggested, type KeyAction, type PlannedKey } from "./decisions.js";
import { KeyStateBadge } from "./KeyStateBadge.js";
import { LocalPager } from "./LocalPager.js";
import type { LocalPage } from "./local-page.js";
import { ServiceSlugs } from "./ServiceSlugs.js";

interface Props {
  page: LocalPage<PlannedKey>;
  decisions: ReadonlyMap<string, Decision>;
  onDecide: (keyId: string, decision: Decision) => void;
  leaverId: string;
  defaultTarget: PickedHolder | null;
  filtered: boolean;
  /** Changes when a bulk control rewrites decisions, so each picker shows its new holder. */
  revision: number;
}

/** One row per key (a page at a time): reassign to a holder, or revoke. */
export function DecisionsTable({ page, decisions, onDecide, leaverId, defaultTarget, filtered, revision }: Props) {
  if (page.count === 0) {
    return <EmptyState>{filtered ? "No key matches these filters." : "They hold no keys."}</EmptyState>;
  }
  return (
    <>
      <Table.ScrollContainer minWidth={1000}>
        <Table striped verticalSpacing="xs" aria-label="Decision per key">
          <ColumnHeads
            columns={["Key", "State", "Works on", { name: "Decision", w: 130 }, { name: "New holder", w: 340 }]}
          />
          <Table.Tbody>
            {page.items.map((key) => (
              <DecisionRow
                key={`${key.keyId}:${revision}`}
                plannedKey={key}
                decision={decisions.get(key.keyId)}
                onDecide={onDecide}
                leaverId={leaverId}
                defaultTarget={defaultTarget}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LocalPager page={page} noun="key" />
    </>
  );
}

interface RowProps {
  plannedKey: PlannedKey;
  decision: Decision | undefined;
  onDecide: (keyId: string, decision: Decision) => void;
  leaverId: string;
  defaultTarget: PickedHolder | null;
}

const DecisionRow = memo(function DecisionRow({
  plannedKey: key,
  decision,
  onDecide,
  leaverId,
  defaultTarget,
}: RowProps) {
  const action: KeyAction = decision?.action ?? "REASSIGN";
  const label = `${key.name} (${key.prefix}…)`;
  const toDefault = defaultTarget ? defaultTarget.email : "the default holder";
  return (
    <Table.Tr>
      <KeyNameCell keyId={key.keyId} name={key.name} prefix={key.prefix} link={false} />
      <Table.Td>
        <Stack gap={4} align="flex-start">
          <EnvironmentBadge environment={key.environment === "PRODUCTION" ? "PRODUCTION" : "STAGING"} />
          <KeyStateBadge active={key.active} />
        </Stack>
      </Table.Td>
      <Table.Td>
        <ServiceSlugs slugs={key.worksOn.map((s) => s.slug)} />
      </Table.Td>
      <Table.Td>
        <NativeSelect
          size="xs"
          aria-label={`Decision for ${label}`}
          data={[
            { value: "REASSIGN", label: "Reassign" },
            { value: "REVOKE", label: "Revoke" },
          ]}
          value={action}
          onChange={(e) =>
            onDecide(key.keyId, { action: e.currentTarget.value as KeyAction, to: decision?.to ?? null })
          }
        />
      </Table.Td>
      <Table.Td>
        {action === "REVOKE" ? (
          <Text size="sm">Revoked, kept by {toDefault} as custodian</Text>
        ) : (
          <>
            <HolderPicker
              size="xs"
              aria-label={`New holder for ${label}`}
              placeholder={`Default: ${toDefault}`}
              exclude={[leaverId]}
              value={decision?.to ?? null}
              onChange={(to) => onDecide(key.keyId, { action: "REASSIGN", to })}
            />
            <Text size="xs" c="dimmed" mt={4}>
              {isSuggested(key, decision)
                ? `Suggested: ${key.suggestion}`
                : key.suggestedHolderEmail
                  ? `Suggested: ${key.suggestedHolderEmail}`
                  : key.suggestion}
            </Text>
          </>
        )}
      </Table.Td>
    </Table.Tr>
  );
});
