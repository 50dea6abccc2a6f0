import { NativeSelect, Stack, Table, Text } from "@mantine/core";
import { memo } from "react";
import { EnvironmentBadge } from "../../components/badges.js";
import { ColumnHeads } from "../../components/ColumnHeads.js";
import { HolderPicker, type PickedHolder } from "../../components/HolderPicker.js";
import { KeyNameCell } from "../../components/KeyNameCell.js";
import { Pager } from "../../components/Pager.js";
import { QueryState } from "../../components/QueryState.js";
import {
  type Decision,
  type KeyAction,
  type KeySuggestion,
  type Overrides,
  type Plan,
  type PlannedKey,
  suggestionFor,
} from "./decisions.js";
import { KeyStateBadge } from "./KeyStateBadge.js";
import { ServiceSlugs } from "./ServiceSlugs.js";
import { usePlanKeys } from "./use-plan-keys.js";

interface Props {
  plan: Plan;
  overrides: Overrides;
  onDecide: (key: PlannedKey, decision: Decision) => void;
  defaultTarget: PickedHolder | null;
  /** Changes when the decisions are reset, so each picker shows its holder again. */
  revision: number;
}

/** One row per key, a page at a time from the server: the default holder, another holder, or revoke. */
export function DecisionsTable({ plan, overrides, onDecide, defaultTarget, revision }: Props) {
  const { page, connection, keys, fetching, error } = usePlanKeys(plan);
  return (
    <QueryState fetching={fetching} error={error} hasData={connection !== undefined}>
      <Table.ScrollContainer minWidth={1000}>
        <Table striped verticalSpacing="xs" aria-label="Decision per key">
          <ColumnHeads
            columns={["Key", "State", "Works on", { name: "Decision", w: 130 }, { name: "New holder", w: 340 }]}
          />
          <Table.Tbody>
            {keys.map((key) => (
              <DecisionRow
                key={`${key.keyId}:${revision}`}
                plannedKey={key}
                worksOn={key.active ? plan.activeKeysWorkOn : NOWHERE}
                suggestion={suggestionFor(plan, key)}
                override={overrides.get(key.keyId)}
                onDecide={onDecide}
                leaverId={plan.user.id}
                defaultTarget={defaultTarget}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Pager page={page} connection={connection} shown={keys.length} noun="key" />
    </QueryState>
  );
}

const NOWHERE: Plan["activeKeysWorkOn"] = [];

interface RowProps {
  plannedKey: PlannedKey;
  worksOn: Plan["activeKeysWorkOn"];
  suggestion: KeySuggestion;
  /** The operator's own decision for the key; none: the default holder. */
  override: Decision | undefined;
  onDecide: (key: PlannedKey, decision: Decision) => void;
  leaverId: string;
  defaultTarget: PickedHolder | null;
}

const DecisionRow = memo(function DecisionRow({
  plannedKey: key,
  worksOn,
  suggestion,
  override,
  onDecide,
  leaverId,
  defaultTarget,
}: RowProps) {
  const decision: Decision = override ?? { action: "REASSIGN", to: null };
  const action = decision.action;
  const holder = decision.to ?? defaultTarget;
  const suggested = action === "REASSIGN" && holder !== null && holder.id === suggestion.suggestedHolderId;
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
        <ServiceSlugs slugs={worksOn.map((s) => s.slug)} />
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
          onChange={(e) => onDecide(key, { action: e.currentTarget.value as KeyAction, to: decision.to })}
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
              value={decision.to}
              onChange={(to) => onDecide(key, { action: "REASSIGN", to })}
            />
            <Text size="xs" c="dimmed" mt={4}>
              {suggested
                ? `Suggested: ${suggestion.suggestion}`
                : suggestion.suggestedHolderEmail
                  ? `Suggested: ${suggestion.suggestedHolderEmail}`
                  : suggestion.suggestion}
            </Text>
          </>
        )}
      </Table.Td>
    </Table.Tr>
  );
});
