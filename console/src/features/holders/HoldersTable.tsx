import type { ResultOf } from "@keyholder/graphql";
import { Anchor, Badge, Box, Group, Table, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { Link } from "wouter";
import { HolderKindBadge, UserStatusBadge } from "../../components/badges.js";
import { ColumnHeads } from "../../components/ColumnHeads.js";
import { formatDate } from "../../components/format.js";
import { plural } from "../../components/plural.js";
import { urls } from "../../urls.js";
import { ROLE_NAME } from "../auth/roles.js";
import type { HolderRowFields } from "./holders.graphql.js";

type Row = ResultOf<typeof HolderRowFields>;

/** One row per holder: what it is, whether it is in good shape, and how many keys it holds. */
export function HoldersTable({ holders }: { holders: Row[] }) {
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label="Holders">
        <ColumnHeads
          columns={[
            "Email",
            "Name",
            "Kind",
            "Status or members",
            { name: "Keys", ta: "right" },
            { name: "Console role", nowrap: true },
          ]}
        />
        <Table.Tbody>
          {holders.map((holder) => (
            <Table.Tr key={holder.id}>
              <Table.Td>
                <Anchor component={Link} href={urls.holder(holder.id)} fw={500} size="sm">
                  {holder.email}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{holder.name}</Text>
              </Table.Td>
              <Table.Td>
                {/* The shared badge may shrink to an ellipsis in a narrow cell; its box keeps the full word. */}
                <Box style={{ minWidth: "max-content" }}>
                  <HolderKindBadge kind={holder.kind} />
                </Box>
              </Table.Td>
              <Table.Td>
                <HolderState holder={holder} />
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm">{holder.keys.totalCount}</Text>
              </Table.Td>
              <Table.Td>
                {"consoleRole" in holder && holder.consoleRole ? (
                  <Text size="sm">{ROLE_NAME[holder.consoleRole]}</Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A user's status, or a group email's active members with a warning below two. */
export function HolderState({ holder }: { holder: Row }) {
  if ("status" in holder && holder.status) {
    return (
      <Group gap={6} wrap="nowrap">
        <UserStatusBadge status={holder.status} />
        {holder.departedAt && (
          <Text size="xs" c="dimmed">
            {formatDate(holder.departedAt)}
          </Text>
        )}
      </Group>
    );
  }
  if ("activeMemberCount" in holder && holder.activeMemberCount !== undefined) {
    return <MemberCount count={holder.activeMemberCount} healthy={holder.healthy ?? true} />;
  }
  return null;
}

export function MemberCount({ count, healthy }: { count: number; healthy: boolean }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" style={{ whiteSpace: "nowrap" }}>
        {plural(count, "active member")}
      </Text>
      {!healthy && (
        <Badge
          color="red"
          variant="light"
          style={{ flexShrink: 0, minWidth: "fit-content" }}
          leftSection={<IconAlertTriangle size={12} aria-hidden />}
          title="A group email needs at least two active members, so one leaver cannot orphan its keys."
        >
          needs members
        </Badge>
      )}
    </Group>
  );
}
