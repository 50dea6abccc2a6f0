import { Anchor, Table, Text } from "@mantine/core";
import { Link } from "wouter";
import { urls } from "../urls.js";

interface Props {
  keyId: string;
  name: string;
  prefix: string;
  /** Links the name to the key's page (the default); off where the reader cannot open it. */
  link?: boolean;
}

/** A key's cell in a table: its name, over the prefix that tells it apart in logs. */
export function KeyNameCell({ keyId, name, prefix, link = true }: Props) {
  return (
    <Table.Td>
      {link ? (
        <Anchor component={Link} href={urls.key(keyId)} fw={500} size="sm">
          {name}
        </Anchor>
      ) : (
        <Text size="sm" fw={500}>
          {name}
        </Text>
      )}
      <Text size="xs" c="dimmed" ff="monospace">
        {prefix}…
      </Text>
    </Table.Td>
  );
}
