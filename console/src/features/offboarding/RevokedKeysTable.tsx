import { Table, Text } from "@mantine/core";
import { LocalPager } from "./LocalPager.js";
import { useLocalPage } from "./local-page.js";
import { KeyName } from "./ReassignedKeysTable.js";
import type { OffboardedKey } from "./result.js";
import { ServiceSlugs } from "./ServiceSlugs.js";

const PAGE_SIZE = 50;

/** Revoked keys, who keeps them as custodian, and where they worked until now. */
export function RevokedKeysTable({ keys, linkKeys }: { keys: readonly OffboardedKey[]; linkKeys: boolean }) {
  const page = useLocalPage(keys, PAGE_SIZE, "revokedPage");
  return (
    <>
      <Table.ScrollContainer minWidth={700}>
        <Table striped verticalSpacing="xs" aria-label="Revoked keys">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Key</Table.Th>
              <Table.Th scope="col">Custodian</Table.Th>
              <Table.Th scope="col">Worked on until now</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {page.items.map((key) => (
              <Table.Tr key={key.keyId}>
                <Table.Td>
                  <KeyName keyId={key.keyId} name={key.name} link={linkKeys} />
                  <Text size="xs" c="dimmed" ff="monospace">
                    {key.prefix}…
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{key.toHolderEmail}</Text>
                </Table.Td>
                <Table.Td>
                  <ServiceSlugs slugs={key.servicesBefore} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LocalPager page={page} noun="revoked keys" />
    </>
  );
}
