import { Anchor, Group, Table, Text } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck } from "@tabler/icons-react";
import { Fragment } from "react";
import { Link } from "wouter";
import { ColumnHeads } from "../../components/ColumnHeads.js";
import { urls } from "../../urls.js";
import { LocalPager } from "./LocalPager.js";
import { useLocalPage } from "./local-page.js";
import { plural } from "./plural.js";
import { gainedServices, type KeyGroup, lostServices, sameServices, slugs } from "./result.js";
import { ServiceSlugs } from "./ServiceSlugs.js";

const PAGE_SIZE = 50;

/** The two lists of an offboarding's key groups: their labels, page parameter and extra columns. */
const KINDS = {
  reassigned: {
    label: "Reassigned keys",
    pageParam: "reassignedPage",
    holder: "New holder",
    before: "Works on before",
    minWidth: 900,
  },
  revoked: {
    label: "Revoked keys",
    pageParam: "revokedPage",
    holder: "Custodian",
    before: "Worked on until now",
    minWidth: 700,
  },
} as const;

/**
 * An offboarding's reassigned keys (where they work before and after, and whether that stayed the
 * same) or revoked keys (who keeps them as custodian, and where they worked until now), one row
 * per group of keys sharing that fate, with the group's count and first keys.
 */
export function KeyGroupsTable({
  kind,
  groups,
  linkKeys,
}: {
  kind: keyof typeof KINDS;
  groups: readonly KeyGroup[];
  linkKeys: boolean;
}) {
  const labels = KINDS[kind];
  const page = useLocalPage(groups, PAGE_SIZE, labels.pageParam);
  const reassigned = kind === "reassigned";
  return (
    <>
      <Table.ScrollContainer minWidth={labels.minWidth}>
        <Table striped verticalSpacing="xs" aria-label={labels.label}>
          <ColumnHeads
            columns={["Keys", labels.holder, labels.before, reassigned && "Works on after", reassigned && "Check"]}
          />
          <Table.Tbody>
            {page.items.map((group) => (
              <Table.Tr key={`${group.toHolderEmail} ${group.firstKeys[0]?.keyId}`}>
                <Table.Td>
                  <GroupKeys group={group} link={linkKeys} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{group.toHolderEmail}</Text>
                </Table.Td>
                <Table.Td>
                  <ServiceSlugs slugs={slugs(group.servicesBefore)} />
                </Table.Td>
                {reassigned && (
                  <Table.Td>
                    <ServiceSlugs slugs={slugs(group.servicesAfter)} />
                  </Table.Td>
                )}
                {reassigned && (
                  <Table.Td>
                    <AccessCheck group={group} />
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {groups.length > PAGE_SIZE && <LocalPager page={page} noun="key group" />}
    </>
  );
}

/** A group's count, then its first keys by name (linked once they exist), and how many more. */
function GroupKeys({ group, link }: { group: KeyGroup; link: boolean }) {
  const rest = group.keyCount - group.firstKeys.length;
  return (
    <>
      {group.keyCount > 1 && (
        <Text size="sm" fw={600}>
          {plural(group.keyCount, "key")}
        </Text>
      )}
      <Text size="sm" component="div">
        {group.firstKeys.map((k, i) => (
          <Fragment key={k.keyId}>
            {i > 0 && ", "}
            {link ? (
              <Anchor component={Link} href={urls.key(k.keyId)} fw={500} size="sm">
                {k.name}
              </Anchor>
            ) : (
              <Text span size="sm" fw={500}>
                {k.name}
              </Text>
            )}{" "}
            <Text span size="xs" c="dimmed" ff="monospace">
              ({k.prefix}…)
            </Text>
          </Fragment>
        ))}
        {rest > 0 && ` and ${plural(rest, "more key", "more keys")}`}
      </Text>
    </>
  );
}

function AccessCheck({ group }: { group: KeyGroup }) {
  const n = group.servicesBefore.length;
  if (sameServices(slugs(group.servicesBefore), slugs(group.servicesAfter))) {
    return (
      <Group gap={6} wrap="nowrap">
        <IconCircleCheck size={18} color="var(--mantine-color-teal-8)" aria-hidden />
        <Text size="sm" c="teal.9">
          {n === 0 ? "works nowhere, as before" : `still works on the same ${n === 1 ? "service" : `${n} services`}`}
        </Text>
      </Group>
    );
  }
  const gained = gainedServices(group);
  const lost = lostServices(group);
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
