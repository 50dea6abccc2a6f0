import { Anchor, Table, Text } from "@mantine/core";
import { useQuery } from "urql";
import { Link } from "wouter";
import { EnvironmentBadge } from "../../components/badges.js";
import { Pager } from "../../components/Pager.js";
import { useCursorPage } from "../../components/pagination.js";
import { QueryState } from "../../components/QueryState.js";
import { Section } from "../../components/Section.js";
import { When } from "../../components/When.js";
import { type ServiceDetail, ServiceWorkingKeysQuery } from "./service.graphql.js";

const PAGE_SIZE = 25;

/** The keys that work on the service now, paginated under their own URL parameter (`keysPage`). */
export function WorkingKeysSection({ service }: { service: ServiceDetail }) {
  const page = useCursorPage(PAGE_SIZE, "keysPage");
  const [result, refetch] = useQuery({
    query: ServiceWorkingKeysQuery,
    variables: { id: service.id, first: page.first, after: page.after },
  });
  const connection = result.data?.service?.workingKeys;
  const keys = connection?.nodes ?? [];
  return (
    <Section
      title="Working keys"
      description="Active keys whose holder is a Billing collaborator here: the keys this service accepts now."
    >
      <QueryState
        fetching={result.fetching}
        error={result.error}
        hasData={connection !== undefined}
        retry={() => refetch({ requestPolicy: "network-only" })}
        empty={keys.length === 0 && page.index === 0 && emptyText(service)}
      >
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" aria-label={`Keys that work on ${service.slug}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Key</Table.Th>
                <Table.Th scope="col">Environment</Table.Th>
                <Table.Th scope="col">Holder</Table.Th>
                <Table.Th scope="col">Last used</Table.Th>
                <Table.Th scope="col">Expires</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.map((key) => (
                <Table.Tr key={key.id}>
                  <Table.Td>
                    <Anchor component={Link} href={`/keys/${key.id}`} fw={500} size="sm">
                      {key.name}
                    </Anchor>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {key.prefix}…
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <EnvironmentBadge environment={key.environment} />
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} href={`/holders/${key.holder.id}`} size="sm">
                      {key.holder.email}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {key.holder.kind === "GROUP" ? "group email" : "person"}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <When at={key.lastUsedAt} never="never" />
                  </Table.Td>
                  <Table.Td>
                    <When at={key.expiresAt} never="never" />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Pager
          page={page}
          pageInfo={connection?.pageInfo}
          totalCount={connection?.totalCount}
          shown={keys.length}
          noun="working keys"
        />
      </QueryState>
    </Section>
  );
}

function emptyText(service: ServiceDetail): string {
  if (service.archivedAt) return "It is archived: no key works on it.";
  if (!service.collaborators.some((c) => c.role === "BILLING"))
    return "No key works here: it has no Billing collaborator.";
  return "No key works here: its Billing collaborators hold no active key.";
}
