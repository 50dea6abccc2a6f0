import { Anchor, Button, Table, Text, VisuallyHidden } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "wouter";
import { urls } from "../../urls.js";
import { Can } from "../auth/Can.js";

/** One side of a membership: the holder to link to, and what the third column says about it. */
export interface MembershipRow {
  id: string;
  email: string;
  name: string;
  detail: ReactNode;
  /** The accessible name of its Remove button, e.g. "Remove ann@…" or "Remove from team@…". */
  removeLabel: string;
  onRemove: () => void;
}

/**
 * The memberships seen from one side: a group's members or a user's group emails, each linked to
 * its page, with a Remove button for operators.
 */
export function MembershipTable({
  label,
  emailHeading,
  detailHeading,
  rows,
}: {
  label: string;
  emailHeading: string;
  detailHeading: string;
  rows: MembershipRow[];
}) {
  return (
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
                <Button size="xs" variant="subtle" color="red" aria-label={row.removeLabel} onClick={row.onRemove}>
                  Remove
                </Button>
              </Table.Td>
            </Can>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
