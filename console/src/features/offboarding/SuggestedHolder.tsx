import { Anchor, Text } from "@mantine/core";
import { Link } from "wouter";
import { urls } from "../../urls.js";

/** The holder the plan suggests, linked to their page, or "None" where the plan has no one to suggest. */
export function SuggestedHolder({ id, email }: { id: string | null; email: string | null }) {
  return id ? (
    <Anchor component={Link} href={urls.holder(id)} size="sm">
      {email}
    </Anchor>
  ) : (
    <Text size="sm" fw={500}>
      None
    </Text>
  );
}
