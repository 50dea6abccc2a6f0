import { Checkbox, List, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

/** The Billing roles a move would add to its new holder, said the same for one key and for many. */
export function BillingAddedText({
  toHolderEmail,
  services,
}: {
  toHolderEmail: string;
  services: readonly { slug: string }[];
}) {
  if (services.length === 0) return null;
  return (
    <Text size="sm">
      {toHolderEmail} would be made a Billing collaborator on: {services.map((s) => s.slug).join(", ")}.
    </Text>
  );
}

/**
 * The keys a move would let work on more services (the list items are the caller's), and the
 * operator's explicit yes to that, without which the move is refused.
 */
export function WideningConsent({
  testId,
  description,
  allowWider,
  onAllowWiderChange,
  children,
}: {
  testId: string;
  description: string;
  allowWider: boolean;
  onAllowWiderChange: (allowed: boolean) => void;
  children: ReactNode;
}) {
  return (
    <Stack gap={6} data-testid={testId}>
      <Text size="sm" c="orange" fw={500}>
        These keys would work on more services than they do today:
      </Text>
      <List size="sm" spacing={2} aria-label="Keys that would gain services">
        {children}
      </List>
      <Checkbox
        label="Allow these keys to work on more services"
        description={description}
        checked={allowWider}
        onChange={(e) => onAllowWiderChange(e.currentTarget.checked)}
      />
    </Stack>
  );
}
