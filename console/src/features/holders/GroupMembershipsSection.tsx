import { Button } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconMailPlus } from "@tabler/icons-react";
import { Section } from "../../components/Section.js";
import { Can } from "../auth/Can.js";
import { AddMembershipDialog } from "./AddMembershipDialog.js";
import { MemberCount } from "./HoldersTable.js";
import { MembershipTable } from "./MembershipTable.js";
import type { UserDetail } from "./types.js";

/** The group emails a user belongs to; an active user can be added to more or taken out. */
export function GroupMembershipsSection({ user }: { user: UserDetail }) {
  const [adding, add] = useDisclosure(false);
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
      <MembershipTable
        label={`Group emails of ${user.email}`}
        emailHeading="Group email"
        detailHeading="Members"
        empty="Member of no group email."
        rows={groups.map((group) => ({
          id: group.id,
          email: group.email,
          name: group.name,
          detail: <MemberCount count={group.activeMemberCount} healthy={group.healthy} />,
          removeLabel: `Remove from ${group.email}`,
          membership: { group, user },
        }))}
      />
      {active && (
        <AddMembershipDialog
          opened={adding}
          onClose={add.close}
          user={{ id: user.id, email: user.email }}
          exclude={user.groupEmails.nodes.map((g) => g.id)}
        />
      )}
    </Section>
  );
}
