import type { CollaboratorRole, HolderKind } from "@keyholder/graphql";
import { Anchor, Badge, Group, Table, Text } from "@mantine/core";
import { Link } from "wouter";
import { ColumnHeads } from "../../components/ColumnHeads.js";
import { EmptyState } from "../../components/QueryState.js";
import { Section } from "../../components/Section.js";
import { When } from "../../components/When.js";
import { urls } from "../../urls.js";
import { ROLE_LABEL } from "../services/RoleBadge.js";
import type { HolderDetail } from "./types.js";

type Collaboration = HolderDetail["collaborations"]["nodes"][number];

// Colours whose light badges keep a 4.5:1 contrast.
const ROLE_COLOR: Record<CollaboratorRole, string> = { BILLING: "blue", ADMIN: "grape", VIEWER: "gray" };
const ROLE_ORDER: CollaboratorRole[] = ["BILLING", "ADMIN", "VIEWER"];

/** One row per service with every role the holder has there; roles are managed on the service's page. */
export function CollaborationsSection({
  collaborations,
  holderKind,
}: {
  collaborations: readonly Collaboration[];
  holderKind: HolderKind;
}) {
  const services = byService(collaborations);
  return (
    <Section
      title="Collaborations"
      description={
        holderKind === "GROUP"
          ? "The group email itself is the collaborator; its members' own roles do not count for its keys."
          : "The holder's keys work only where it is a Billing collaborator."
      }
    >
      {services.length === 0 ? (
        <EmptyState>Collaborates on no service.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" aria-label="Collaborations">
            <ColumnHeads columns={["Service", "Roles", "Since"]} />
            <Table.Tbody>
              {services.map(({ service, roles, since }) => (
                <Table.Tr key={service.id}>
                  <Table.Td>
                    <Anchor component={Link} href={urls.service(service.id)} fw={500} size="sm">
                      {service.slug}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {service.name}
                      {service.archivedAt && " · archived"}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {roles.map((role) => (
                        <Badge key={role} color={ROLE_COLOR[role]} variant="light">
                          {ROLE_LABEL[role]}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <When at={since} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}

function byService(collaborations: readonly Collaboration[]) {
  const services = new Map<string, { service: Collaboration["service"]; roles: CollaboratorRole[]; since: string }>();
  for (const c of collaborations) {
    const entry = services.get(c.service.id);
    if (!entry) services.set(c.service.id, { service: c.service, roles: [c.role], since: c.createdAt });
    else {
      entry.roles.push(c.role);
      if (c.createdAt < entry.since) entry.since = c.createdAt;
    }
  }
  return [...services.values()]
    .map((s) => ({ ...s, roles: ROLE_ORDER.filter((r) => s.roles.includes(r)) }))
    .sort((a, b) => a.service.slug.localeCompare(b.service.slug));
}
