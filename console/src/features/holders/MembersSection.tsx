import { Button } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconUserPlus } from "@tabler/icons-react";
import { UserStatusBadge } from "../../components/badges.js";
import { Section } from "../../components/Section.js";
import { Can } from "../auth/Can.js";
import { AddMembershipDialog } from "./AddMembershipDialog.js";
import { MembershipTable } from "./MembershipTable.js";
import type { GroupDetail } from "./types.js";

/** A group email's members, with adding and removing them for operators. */
export function MembersSection({ group }: { group: GroupDetail }) {
  const [adding, add] = useDisclosure(false);
  const members = [...group.members.nodes].sort((a, b) => a.email.localeCompare(b.email));
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
      <MembershipTable
        label={`Members of ${group.email}`}
        emailHeading="Email"
        detailHeading="Status"
        empty="No members yet."
        rows={members.map((member) => ({
          id: member.id,
          email: member.email,
          name: member.name,
          detail: <UserStatusBadge status={member.status} />,
          removeLabel: `Remove ${member.email}`,
          membership: { group, user: member },
        }))}
      />
      <AddMembershipDialog
        opened={adding}
        onClose={add.close}
        group={{ id: group.id, email: group.email }}
        exclude={group.members.nodes.map((m) => m.id)}
      />
    </Section>
  );
}
