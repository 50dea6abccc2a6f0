import { Anchor, Group, Table, Text } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck } from "@tabler/icons-react";
import { Link } from "wouter";
import { LocalPager } from "./LocalPager.js";
import { useLocalPage } from "./local-page.js";
import { gainedServices, lostServices, type OffboardedKey, sameServices } from "./result.js";
import { ServiceSlugs } from "./ServiceSlugs.js";

const PAGE_SIZE = 50;

/** Reassigned keys with where they work before and after, and whether that stayed the same. */
export function ReassignedKeysTable({ keys, linkKeys }: { keys: readonly OffboardedKey[]; linkKeys: boolean }) {
  const page = useLocalPage(keys, PAGE_SIZE, "reassignedPage");
  return (
    <>
      <Table.ScrollContainer minWidth={900}>
        <Table striped verticalSpacing="xs" aria-label="Reassigned keys">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Key</Table.Th>
              <Table.Th scope="col">New holder</Table.Th>
              <Table.Th scope="col">Works on before</Table.Th>
              <Table.Th scope="col">Works on after</Table.Th>
              <Table.Th scope="col">Check</Table.Th>
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
                <Table.Td>
                  <ServiceSlugs slugs={key.servicesAfter} />
                </Table.Td>
                <Table.Td>
                  <AccessCheck offboarded={key} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LocalPager page={page} noun="reassigned keys" />
    </>
  );
}

export function KeyName({ keyId, name, link }: { keyId: string; name: string; link: boolean }) {
  return link ? (
    <Anchor component={Link} href={`/keys/${keyId}`} fw={500} size="sm">
      {name}
    </Anchor>
  ) : (
    <Text size="sm" fw={500}>
      {name}
    </Text>
  );
}

function AccessCheck({ offboarded }: { offboarded: OffboardedKey }) {
  const n = offboarded.servicesBefore.length;
  if (sameServices(offboarded.servicesBefore, offboarded.servicesAfter)) {
    return (
      <Group gap={6} wrap="nowrap">
        <IconCircleCheck size={18} color="var(--mantine-color-teal-8)" aria-hidden />
        <Text size="sm" c="teal.9">
          {n === 0 ? "works nowhere, as before" : `still works on the same ${n === 1 ? "service" : `${n} services`}`}
        </Text>
      </Group>
    );
  }
  const gained = gainedServices(offboarded);
  const lost = lostServices(offboarded);
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <IconAlertTriangle size={18} color="var(--mantine-color-orange-8)" aria-hidden />
      <Text size="sm" fw={500}>
        {gained.length > 0 && `now also on ${gained.join(", ")}`}
        {gained.length > 0 && lost.length > 0 && "; "}
        {lost.length > 0 && `no longer on ${lost.join(", ")}`}
      </Text>
    </Group>
  );
}
