import { Group, Table, Text } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck } from "@tabler/icons-react";
import { ColumnHeads } from "../../components/ColumnHeads.js";
import { KeyNameCell } from "../../components/KeyNameCell.js";
import { LocalPager } from "./LocalPager.js";
import { useLocalPage } from "./local-page.js";
import { gainedServices, lostServices, type OffboardedKey, sameServices, slugs } from "./result.js";
import { ServiceSlugs } from "./ServiceSlugs.js";

const PAGE_SIZE = 50;

/** The two lists of an offboarding's keys: their labels, page parameter and extra columns. */
const KINDS = {
  reassigned: {
    label: "Reassigned keys",
    noun: "reassigned key",
    pageParam: "reassignedPage",
    holder: "New holder",
    before: "Works on before",
    minWidth: 900,
  },
  revoked: {
    label: "Revoked keys",
    noun: "revoked key",
    pageParam: "revokedPage",
    holder: "Custodian",
    before: "Worked on until now",
    minWidth: 700,
  },
} as const;

/**
 * An offboarding's reassigned keys (where they work before and after, and whether that stayed the
 * same) or revoked keys (who keeps them as custodian, and where they worked until now).
 */
export function OffboardedKeysTable({
  kind,
  keys,
  linkKeys,
}: {
  kind: keyof typeof KINDS;
  keys: readonly OffboardedKey[];
  linkKeys: boolean;
}) {
  const labels = KINDS[kind];
  const page = useLocalPage(keys, PAGE_SIZE, labels.pageParam);
  const reassigned = kind === "reassigned";
  return (
    <>
      <Table.ScrollContainer minWidth={labels.minWidth}>
        <Table striped verticalSpacing="xs" aria-label={labels.label}>
          <ColumnHeads
            columns={["Key", labels.holder, labels.before, reassigned && "Works on after", reassigned && "Check"]}
          />
          <Table.Tbody>
            {page.items.map((key) => (
              <Table.Tr key={key.keyId}>
                <KeyNameCell keyId={key.keyId} name={key.name} prefix={key.prefix} link={linkKeys} />
                <Table.Td>
                  <Text size="sm">{key.toHolderEmail}</Text>
                </Table.Td>
                <Table.Td>
                  <ServiceSlugs slugs={key.servicesBefore.map((s) => s.slug)} />
                </Table.Td>
                {reassigned && (
                  <Table.Td>
                    <ServiceSlugs slugs={key.servicesAfter.map((s) => s.slug)} />
                  </Table.Td>
                )}
                {reassigned && (
                  <Table.Td>
                    <AccessCheck offboarded={key} />
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LocalPager page={page} noun={labels.noun} />
    </>
  );
}

function AccessCheck({ offboarded }: { offboarded: OffboardedKey }) {
  const n = offboarded.servicesBefore.length;
  if (sameServices(slugs(offboarded.servicesBefore), slugs(offboarded.servicesAfter))) {
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
