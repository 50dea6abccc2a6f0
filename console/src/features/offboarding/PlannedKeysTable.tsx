import { Table } from "@mantine/core";
import { EnvironmentBadge } from "../../components/badges.js";
import { DataTable } from "../../components/DataTable.js";
import { KeyNameCell } from "../../components/KeyNameCell.js";
import { Pager } from "../../components/Pager.js";
import { EmptyState, QueryState } from "../../components/QueryState.js";
import type { Plan } from "./decisions.js";
import { KeyStateBadge } from "./KeyStateBadge.js";
import { ServiceSlugs } from "./ServiceSlugs.js";
import { SuggestedHolder } from "./SuggestedHolder.js";
import { usePlanKeys } from "./use-plan-keys.js";

/**
 * The leaver's keys a page at a time, newest first: where each works today (the active keys all
 * on the plan's services) and who the plan suggests should take it over.
 */
export function PlannedKeysTable({ plan }: { plan: Plan }) {
  const { page, connection, keys, fetching, error } = usePlanKeys(plan);
  const services = plan.activeKeysWorkOn.map((s) => s.slug);
  if (plan.keyCount === 0) return <EmptyState>No keys.</EmptyState>;
  return (
    <QueryState fetching={fetching} error={error} hasData={connection !== undefined}>
      <DataTable
        minWidth={900}
        striped
        verticalSpacing="xs"
        aria-label="The leaver's keys"
        columns={["Key", "Environment", "State", "Works on", "Suggested successor"]}
        rows={keys}
        rowKey={(key) => key.keyId}
      >
        {(key) => (
          <>
            <KeyNameCell keyId={key.keyId} name={key.name} prefix={key.prefix} />
            <Table.Td>
              <EnvironmentBadge environment={key.environment === "PRODUCTION" ? "PRODUCTION" : "STAGING"} />
            </Table.Td>
            <Table.Td>
              <KeyStateBadge active={key.active} />
            </Table.Td>
            <Table.Td>
              <ServiceSlugs slugs={key.active ? services : []} />
            </Table.Td>
            <Table.Td maw={360}>
              <SuggestedHolder id={key.suggestedHolderId} email={key.suggestedHolderEmail} />
            </Table.Td>
          </>
        )}
      </DataTable>
      <Pager page={page} connection={connection} shown={keys.length} noun="key" />
    </QueryState>
  );
}
