import { Button } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconMailPlus } from "@tabler/icons-react";
import { useState } from "react";
import { EmptyState } from "../../components/QueryState.js";
import { Section } from "../../components/Section.js";
import { Can } from "../auth/Can.js";
import { AddMembershipDialog } from "./AddMembershipDialog.js";
import { MemberCount } from "./HoldersTable.js";
import { MembershipTable } from "./MembershipTable.js";
import { type Membership, RemoveMembershipDialog } from "./RemoveMembershipDialog.js";
import type { UserDetail } from "./types.js";

/** The group emails a user belongs to; an active user can be added to more or taken out. */
export function GroupMembershipsSection({ user }: { user: UserDetail }) {
  const [adding, add] = useDisclosure(false);
  const [removing, setRemoving] = useState<Membership | null>(null);
  const active = user.status === "ACTIVE";
  const groups = [...user.groupEmails.nodes].sort((a, b) => a.email.localeCompare(b.email));
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
        <MembershipTable
          label={`Group emails of ${user.email}`}
          emailHeading="Group email"
          detailHeading="Members"
          rows={groups.map((group) => ({
            id: group.id,
            email: group.email,
            name: group.name,
            detail: <MemberCount count={group.activeMemberCount} healthy={group.healthy} />,
            removeLabel: `Remove from ${group.email}`,
            onRemove: () => setRemoving({ group, user }),
          }))}
        />
      )}
      {active && (
        <AddMembershipDialog
          opened={adding}
          onClose={add.close}
          user={{ id: user.id, email: user.email }}
          exclude={user.groupEmails.nodes.map((g) => g.id)}
        />
      )}
      <RemoveMembershipDialog membership={removing} onClose={() => setRemoving(null)} />
    </Section>
  );
}
