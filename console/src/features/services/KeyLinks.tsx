import { Anchor, List, Text } from "@mantine/core";
import { Link } from "wouter";
import { urls } from "../../urls.js";

/** A key as the role-change warnings list it. */
export interface KeyLink {
  id: string;
  name: string;
  prefix: string;
  environment: string;
}

interface Props {
  keys: readonly KeyLink[];
  /** How many keys there are in all; the list may show only the first. */
  total: number;
  label: string;
}

/** The keys a role change affects, each a link to its page, and how many more there are. */
export function KeyLinks({ keys, total, label }: Props) {
  return (
    <>
      <List size="sm" spacing={4} aria-label={label}>
        {keys.map((k) => (
          <List.Item key={k.id}>
            <Anchor component={Link} href={urls.key(k.id)} size="sm" fw={500}>
              {k.name}
            </Anchor>
            <Text size="xs">
              <Text span ff="monospace" size="xs">
                {k.prefix}…
              </Text>{" "}
              · {k.environment === "PRODUCTION" ? "production" : "staging"}
            </Text>
          </List.Item>
        ))}
      </List>
      {total > keys.length && (
        <Text size="sm" mt="xs">
          and {total - keys.length} more.
        </Text>
      )}
    </>
  );
}
