import { Anchor, Button, Table, Text, VisuallyHidden } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconUserPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "wouter";
import { UserStatusBadge } from "../../components/badges.js";
import { Can } from "../../components/Can.js";
import { EmptyState } from "../../components/QueryState.js";
import { Section } from "../../components/Section.js";
import { AddMembershipDialog } from "./AddMembershipDialog.js";
import { type Membership, RemoveMembershipDialog } from "./RemoveMembershipDialog.js";
import type { GroupDetail } from "./types.js";

/** A group email's members, with adding and removing them for operators. */
export function MembersSection({ group }: { group: GroupDetail }) {
  const [adding, add] = useDisclosure(false);
  const [removing, setRemoving] = useState<Membership | null>(null);
  const members = [...group.members].sort((a, b) => a.email.localeCompare(b.email));
  return (
    <Section
      title="Members"
      description={
        group.healthy
          ? "People who read this mailbox. Membership does not change where the group's keys work."
          : `Needs at least two active members; it has ${group.activeMemberCount}. Add someone so that one leaver cannot orphan its keys.`
      }
      actions={
        <Can atLeast="OPERATOR">
          <Button size="xs" leftSection={<IconUserPlus size={14} aria-hidden />} onClick={add.open}>
            Add member
          </Button>
        </Can>
      }
    >
      {members.length === 0 ? (
        <EmptyState>No members yet.</EmptyState>
      ) : (
        <Table verticalSpacing="xs" aria-label={`Members of ${group.email}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Email</Table.Th>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Can atLeast="OPERATOR">
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Can>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.map((member) => (
              <Table.Tr key={member.id}>
                <Table.Td>
                  <Anchor component={Link} href={`/holders/${member.id}`} size="sm" fw={500}>
                    {member.email}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{member.name}</Text>
                </Table.Td>
                <Table.Td>
                  <UserStatusBadge status={member.status} />
                </Table.Td>
                <Can atLeast="OPERATOR">
                  <Table.Td ta="right">
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-label={`Remove ${member.email}`}
                      onClick={() => setRemoving({ group, user: member })}
                    >
                      Remove
                    </Button>
                  </Table.Td>
                </Can>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <AddMembershipDialog
        opened={adding}
        onClose={add.close}
        group={{ id: group.id, email: group.email }}
        exclude={group.members.map((m) => m.id)}
      />
      <RemoveMembershipDialog membership={removing} onClose={() => setRemoving(null)} />
    </Section>
  );
}
