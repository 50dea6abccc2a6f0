import { Anchor, Table, Text } from "@mantine/core";
import { Link } from "wouter";
import { EnvironmentBadge } from "../../components/badges.js";
import { DataTable } from "../../components/DataTable.js";
import { KeyNameCell } from "../../components/KeyNameCell.js";
import { EmptyState } from "../../components/QueryState.js";
import { useUrlState } from "../../components/url-state.js";
import { urls } from "../../urls.js";
import type { PlannedKey } from "./decisions.js";
import { KeyFilters } from "./KeyFilters.js";
import { KeyStateBadge } from "./KeyStateBadge.js";
import { filterKeys, isFiltered, keyFilterFromUrl } from "./key-filter.js";
import { LocalPager } from "./LocalPager.js";
import { useLocalPage } from "./local-page.js";
import { ServiceSlugs } from "./ServiceSlugs.js";

const PAGE_SIZE = 50;

/** The leaver's keys, where each works today and who the plan suggests should take it over. */
export function PlannedKeysTable({ keys }: { keys: readonly PlannedKey[] }) {
  const { get } = useUrlState();
  const filter = keyFilterFromUrl(get);
  const page = useLocalPage(filterKeys(keys, filter), PAGE_SIZE);
  return (
    <>
      <KeyFilters />
      {page.count === 0 ? (
        <EmptyState>{isFiltered(filter) ? "No key matches these filters." : "No keys."}</EmptyState>
      ) : (
        <DataTable
          minWidth={900}
          striped
          verticalSpacing="xs"
          aria-label="The leaver's keys"
          columns={["Key", "Environment", "State", "Works on", "Suggested successor"]}
          rows={page.items}
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
                <ServiceSlugs slugs={key.worksOn.map((s) => s.slug)} />
              </Table.Td>
              <Table.Td maw={360}>
                {key.suggestedHolderId ? (
                  <Anchor component={Link} href={urls.holder(key.suggestedHolderId)} size="sm">
                    {key.suggestedHolderEmail}
                  </Anchor>
                ) : (
                  <Text size="sm" fw={500}>
                    None
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {key.suggestion}
                </Text>
              </Table.Td>
            </>
          )}
        </DataTable>
      )}
      <LocalPager page={page} noun="key" />
    </>
  );
}
