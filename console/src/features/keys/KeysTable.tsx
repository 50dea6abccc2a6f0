import { type FragmentOf, readFragment } from "@keyholder/graphql";
import { Anchor, Table, Text } from "@mantine/core";
import { Link } from "wouter";
import { EnvironmentBadge, KeyStatusBadge } from "../../components/badges.js";
import { When } from "../../components/When.js";
import { KeyRowFields } from "./keys.graphql.js";

export type KeyColumn = "holder" | "status" | "worksOn";

interface Props {
  keys: readonly FragmentOf<typeof KeyRowFields>[];
  /** The table's accessible name, e.g. "Keys held by team@…". */
  label: string;
  /** Columns that say nothing on this screen (the holder on a holder's own page). */
  hide?: readonly KeyColumn[];
}

/** The one table of keys: the keys list, a holder's keys and a service's working keys. */
export function KeysTable({ keys, label, hide = [] }: Props) {
  const show = (column: KeyColumn) => !hide.includes(column);
  const rows = keys.map((k) => readFragment(KeyRowFields, k));
  return (
    <Table.ScrollContainer minWidth={show("holder") && show("worksOn") ? 900 : 760}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Key</Table.Th>
            <Table.Th scope="col">Environment</Table.Th>
            {show("status") && <Table.Th scope="col">Status</Table.Th>}
            {show("holder") && <Table.Th scope="col">Holder</Table.Th>}
            {show("worksOn") && <Table.Th scope="col">Works on</Table.Th>}
            <Table.Th scope="col">Last used</Table.Th>
            <Table.Th scope="col">Expires</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((key) => (
            <Table.Tr key={key.id}>
              <Table.Td>
                <Anchor component={Link} href={`/keys/${key.id}`} fw={500} size="sm">
                  {key.name}
                </Anchor>
                <Text size="xs" c="dimmed" ff="monospace">
                  {key.prefix}…
                </Text>
              </Table.Td>
              <Table.Td>
                <EnvironmentBadge environment={key.environment} />
              </Table.Td>
              {show("status") && (
                <Table.Td>
                  <KeyStatusBadge status={key.status} />
                </Table.Td>
              )}
              {show("holder") && (
                <Table.Td>
                  <Anchor component={Link} href={`/holders/${key.holder.id}`} size="sm">
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
                <When at={key.lastUsedAt} never="never" />
              </Table.Td>
              <Table.Td>
                <When at={key.expiresAt} never="never" />
              </Table.Td>
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
          <Anchor component={Link} href={`/services/${s.id}`} size="sm">
            {s.slug}
          </Anchor>
        </span>
      ))}
      {services.length > shown.length && ` +${services.length - shown.length} more`}
    </Text>
  );
}
