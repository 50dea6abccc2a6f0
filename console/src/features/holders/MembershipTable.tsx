import { Anchor, Button, Table, Text, VisuallyHidden } from "@mantine/core";
import { type ReactNode, useState } from "react";
import { Link } from "wouter";
import { EmptyState } from "../../components/QueryState.js";
import { urls } from "../../urls.js";
import { Can } from "../auth/Can.js";
import { type Membership, RemoveMembershipDialog } from "./RemoveMembershipDialog.js";

/** One side of a membership: the holder to link to, and what the third column says about it. */
export interface MembershipRow {
  id: string;
  email: string;
  name: string;
  detail: ReactNode;
  /** The accessible name of its Remove button, e.g. "Remove ann@…" or "Remove from team@…". */
  removeLabel: string;
  /** What its Remove button asks to end. */
  membership: Membership;
}

/**
 * The memberships seen from one side: a group's members or a user's group emails, each linked to
 * its page, with a Remove button for operators that asks first.
 */
export function MembershipTable({
  label,
  emailHeading,
  detailHeading,
  empty,
  rows,
}: {
  label: string;
  emailHeading: string;
  detailHeading: string;
  /** Said in place of the table when there is no row. */
  empty: string;
  rows: MembershipRow[];
}) {
  const [removing, setRemoving] = useState<Membership | null>(null);
  const remove = <RemoveMembershipDialog membership={removing} onClose={() => setRemoving(null)} />;
  if (rows.length === 0) {
    return (
      <>
        <EmptyState>{empty}</EmptyState>
        {remove}
      </>
    );
  }
  return (
    <>
      <Table verticalSpacing="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{emailHeading}</Table.Th>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">{detailHeading}</Table.Th>
            <Can atLeast="OPERATOR">
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Can>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id}>
              <Table.Td>
                <Anchor component={Link} href={urls.holder(row.id)} size="sm" fw={500}>
                  {row.email}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{row.name}</Text>
              </Table.Td>
              <Table.Td>{row.detail}</Table.Td>
              <Can atLeast="OPERATOR">
                <Table.Td ta="right">
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={row.removeLabel}
                    onClick={() => setRemoving(row.membership)}
                  >
                    Remove
                  </Button>
                </Table.Td>
              </Can>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {remove}
    </>
  );
}
