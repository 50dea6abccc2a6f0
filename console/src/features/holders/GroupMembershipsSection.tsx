import { Anchor, Button, Table, Text, VisuallyHidden } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconMailPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "wouter";
import { Can } from "../../components/Can.js";
import { EmptyState } from "../../components/QueryState.js";
import { Section } from "../../components/Section.js";
import { AddMembershipDialog } from "./AddMembershipDialog.js";
import { MemberCount } from "./HoldersTable.js";
import { type Membership, RemoveMembershipDialog } from "./RemoveMembershipDialog.js";
import type { UserDetail } from "./types.js";

/** The group emails a user belongs to; an active user can be added to more or taken out. */
export function GroupMembershipsSection({ user }: { user: UserDetail }) {
  const [adding, add] = useDisclosure(false);
  const [removing, setRemoving] = useState<Membership | null>(null);
  const active = user.status === "ACTIVE";
  const groups = [...user.groupEmails].sort((a, b) => a.email.localeCompare(b.email));
  return (
    <Section
      title="Group emails"
      description="Shared mailboxes this person is a member of."
      actions={
        active && (
          <Can atLeast="OPERATOR">
            <Button size="xs" leftSection={<IconMailPlus size={14} aria-hidden />} onClick={add.open}>
              Add to group email
            </Button>
          </Can>
        )
      }
    >
      {groups.length === 0 ? (
        <EmptyState>Member of no group email.</EmptyState>
      ) : (
        <Table verticalSpacing="xs" aria-label={`Group emails of ${user.email}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Group email</Table.Th>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Members</Table.Th>
              <Can atLeast="OPERATOR">
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Can>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {groups.map((group) => (
              <Table.Tr key={group.id}>
                <Table.Td>
                  <Anchor component={Link} href={`/holders/${group.id}`} size="sm" fw={500}>
                    {group.email}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{group.name}</Text>
                </Table.Td>
                <Table.Td>
                  <MemberCount count={group.activeMemberCount} healthy={group.healthy} />
                </Table.Td>
                <Can atLeast="OPERATOR">
                  <Table.Td ta="right">
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-label={`Remove from ${group.email}`}
                      onClick={() => setRemoving({ group, user })}
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
      {active && (
        <AddMembershipDialog
          opened={adding}
          onClose={add.close}
          user={{ id: user.id, email: user.email }}
          exclude={user.groupEmails.map((g) => g.id)}
        />
      )}
      <RemoveMembershipDialog membership={removing} onClose={() => setRemoving(null)} />
    </Section>
  );
}
