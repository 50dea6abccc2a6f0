import { type FragmentOf, readFragment } from "@keyholder/graphql";
import { Anchor, Checkbox, Group, Table, Text } from "@mantine/core";
import { Link } from "wouter";
import { EnvironmentBadge, KeyStatusBadge } from "../../components/badges.js";
import { KeyNameCell } from "../../components/KeyNameCell.js";
import { When } from "../../components/When.js";
import { urls } from "../../urls.js";
import { ExpiryBadge, SuspendedBadge, UnusedBadge } from "../key-admin/KeyAgeBadges.js";
import type { KeySort, SortColumn } from "../key-admin/key-sort.js";
import { SortableTh } from "../key-admin/SortableTh.js";
import { KeyRowFields } from "./keys.graphql.js";

export type KeyColumn = "holder" | "status" | "worksOn";

interface Props {
  keys: readonly FragmentOf<typeof KeyRowFields>[];
  /** The table's accessible name, e.g. "Keys held by team@…". */
  label: string;
  /** Columns that say nothing on this screen (the holder on a holder's own page). */
  hide?: readonly KeyColumn[];
  /** Sortable headers (and a Created column), for the keys list. */
  sorting?: { sort: KeySort; onSort: (column: SortColumn) => void };
  /** Row checkboxes, for acting on several keys at once. */
  selection?: { selected: ReadonlySet<string>; onChange: (ids: string[], selected: boolean) => void };
}

/** The one table of keys: the keys list, a holder's keys and a service's working keys. */
export function KeysTable({ keys, label, hide = [], sorting, selection }: Props) {
  const show = (column: KeyColumn) => !hide.includes(column);
  const rows = keys.map((k) => readFragment(KeyRowFields, k));
  const now = Date.now();
  const th = (column: SortColumn, text: string) =>
    sorting ? (
      <SortableTh column={column} label={text} sort={sorting.sort} onSort={sorting.onSort} />
    ) : (
      <Table.Th scope="col">{text}</Table.Th>
    );
  const ids = rows.map((k) => k.id);
  const selectedHere = selection ? ids.filter((id) => selection.selected.has(id)).length : 0;
  return (
    <Table.ScrollContainer minWidth={show("holder") && show("worksOn") ? 900 : 760}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {selection && (
              <Table.Th scope="col" w={36}>
                <Checkbox
                  aria-label="Select every key on this page"
                  checked={ids.length > 0 && selectedHere === ids.length}
                  indeterminate={selectedHere > 0 && selectedHere < ids.length}
                  onChange={(e) => selection.onChange(ids, e.currentTarget.checked)}
                />
              </Table.Th>
            )}
            {th("name", "Key")}
            <Table.Th scope="col">Environment</Table.Th>
            {show("status") && <Table.Th scope="col">Status</Table.Th>}
            {show("holder") && th("holder", "Holder")}
            {show("worksOn") && <Table.Th scope="col">Works on</Table.Th>}
            {th("lastUsed", "Last used")}
            {th("expires", "Expires")}
            {sorting && th("created", "Created")}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((key) => (
            <Table.Tr key={key.id}>
              {selection && (
                <Table.Td>
                  <Checkbox
                    aria-label={`Select ${key.name}`}
                    checked={selection.selected.has(key.id)}
                    onChange={(e) => selection.onChange([key.id], e.currentTarget.checked)}
                  />
                </Table.Td>
              )}
              <KeyNameCell keyId={key.id} name={key.name} prefix={key.prefix} />
              <Table.Td>
                <EnvironmentBadge environment={key.environment} />
              </Table.Td>
              {show("status") && (
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <KeyStatusBadge status={key.status} />
                    <SuspendedBadge suspendedAt={key.status === "ACTIVE" ? key.suspendedAt : null} />
                  </Group>
                </Table.Td>
              )}
              {show("holder") && (
                <Table.Td>
                  <Anchor component={Link} href={urls.holder(key.holder.id)} size="sm">
                    {key.holder.email}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {holderNote(key.holder)}
                  </Text>
                </Table.Td>
              )}
              {show("worksOn") && (
                <Table.Td>
                  <WorksOn services={key.worksOn} />
                </Table.Td>
              )}
              <Table.Td>
                <Group gap={4} wrap="wrap">
                  <When at={key.lastUsedAt} never="never" />
                  <UnusedBadge
                    lastUsedAt={key.lastUsedAt}
                    createdAt={key.createdAt}
                    active={key.status === "ACTIVE"}
                    now={now}
                  />
                </Group>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="wrap">
                  <When at={key.expiresAt} never="never" />
                  <ExpiryBadge expiresAt={key.expiresAt} active={key.status === "ACTIVE"} now={now} />
                </Group>
              </Table.Td>
              {sorting && (
                <Table.Td>
                  <When at={key.createdAt} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function holderNote(holder: { kind: string; status?: string }): string {
  if (holder.kind === "GROUP") return "group email";
  return holder.status === "DEPARTED" ? "person · departed" : "person";
}

function WorksOn({ services }: { services: readonly { id: string; slug: string }[] }) {
  if (services.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        nowhere
      </Text>
    );
  }
  const shown = services.slice(0, 3);
  return (
    <Text size="sm">
      {shown.map((s, i) => (
        <span key={s.id}>
          {i > 0 && ", "}
          <Anchor component={Link} href={urls.service(s.id)} size="sm">
            {s.slug}
          </Anchor>
        </span>
      ))}
      {services.length > shown.length && ` +${services.length - shown.length} more`}
    </Text>
  );
}
