import type { ResultOf } from "@keyholder/graphql";
import { Anchor, Badge, Group, Table, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { Link } from "wouter";
import { DataTable } from "../../components/DataTable.js";
import { urls } from "../../urls.js";
import type { ServiceRowFields } from "./services.graphql.js";

type ServiceRow = ResultOf<typeof ServiceRowFields>;

const BILLING_SHOWN = 2;

/** One row per service: who collaborates on it, and who can make keys work there (its Billing holders). */
export function ServicesTable({ services, archived }: { services: readonly ServiceRow[]; archived: boolean }) {
  return (
    <DataTable
      minWidth={880}
      striped
      highlightOnHover
      verticalSpacing="xs"
      aria-label={archived ? "Archived services" : "Services"}
      columns={["Slug", "Name", "Description", "Collaborators", "Billing holders"]}
      rows={services}
      rowKey={(service) => service.id}
    >
      {(service) => (
        <>
          <Table.Td>
            <Group gap="xs" wrap="nowrap">
              <Anchor
                component={Link}
                href={urls.service(service.id)}
                fw={500}
                ff="monospace"
                size="sm"
                style={{ whiteSpace: "nowrap" }}
              >
                {service.slug}
              </Anchor>
              {service.archivedAt && (
                <Badge color="gray.7" variant="filled" size="sm">
                  archived
                </Badge>
              )}
            </Group>
          </Table.Td>
          <Table.Td>
            <Text size="sm">{service.name}</Text>
          </Table.Td>
          <Table.Td maw={320}>
            {service.description ? (
              <Text size="sm" c="dimmed" lineClamp={2} title={service.description}>
                {service.description}
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                —
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            <Text size="sm">{service.collaborators.totalCount}</Text>
          </Table.Td>
          <Table.Td>
            <BillingHolders service={service} />
          </Table.Td>
        </>
      )}
    </DataTable>
  );
}

function BillingHolders({ service }: { service: ServiceRow }) {
  const billing = service.collaborators.nodes.filter((c) => c.role === "BILLING");
  if (billing.length === 0) {
    return (
      <Group gap={4} wrap="nowrap">
        <IconAlertTriangle size={14} color="var(--mantine-color-orange-6)" aria-hidden />
        <Text size="sm" fw={500}>
          None: no key works here
        </Text>
      </Group>
    );
  }
  const shown = billing.slice(0, BILLING_SHOWN);
  return (
    <Text size="sm">
      {shown.map((c, i) => (
        <span key={c.id}>
          {i > 0 && ", "}
          <Anchor component={Link} href={urls.holder(c.holder.id)} size="sm">
            {c.holder.email}
          </Anchor>
        </span>
      ))}
      {billing.length > shown.length && ` +${billing.length - shown.length} more`}
    </Text>
  );
}
