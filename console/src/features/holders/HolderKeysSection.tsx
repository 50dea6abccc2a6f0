import { Anchor, Button, Table, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useQuery } from "urql";
import { Link } from "wouter";
import { EnvironmentBadge, KeyStatusBadge } from "../../components/badges.js";
import { Can } from "../../components/Can.js";
import { Pager } from "../../components/Pager.js";
import { useCursorPage } from "../../components/pagination.js";
import { QueryState } from "../../components/QueryState.js";
import { Section } from "../../components/Section.js";
import { When } from "../../components/When.js";
import { CreateKeyDialog } from "../keys/CreateKeyDialog.js";
import { HolderKeysQuery } from "./holder.graphql.js";
import type { HolderDetail } from "./types.js";

const PAGE_SIZE = 20;

// A first key must appear even when the list was empty (and so carried no ApiKey typename).
const CONTEXT = { additionalTypenames: ["ApiKey"] };

/** The keys the holder holds, paginated under its own URL parameter (`keysPage`). */
export function HolderKeysSection({ holder }: { holder: HolderDetail }) {
  const page = useCursorPage(PAGE_SIZE, "keysPage");
  const [result, refetch] = useQuery({
    query: HolderKeysQuery,
    variables: { id: holder.id, first: page.first, after: page.after },
    context: CONTEXT,
  });
  const [creating, create] = useDisclosure(false);
  const connection = result.data?.holder?.keys;
  const keys = connection?.nodes ?? [];
  const departed = holder.__typename === "User" && holder.status === "DEPARTED";
  return (
    <Section
      title="Keys"
      description={
        holder.kind === "USER"
          ? "Keys held by a person keep working after they leave; a group email is the safer holder."
          : "A key works on a service while this group email is a Billing collaborator there."
      }
      actions={
        !departed && (
          <Can atLeast="OPERATOR">
            <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={create.open}>
              New key
            </Button>
          </Can>
        )
      }
    >
      <QueryState
        fetching={result.fetching}
        error={result.error}
        hasData={connection !== undefined}
        retry={() => refetch({ requestPolicy: "network-only" })}
        empty={keys.length === 0 && page.index === 0 && "Holds no keys."}
      >
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" aria-label={`Keys held by ${holder.email}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Key</Table.Th>
                <Table.Th scope="col">Environment</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Works on</Table.Th>
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
                    <KeyStatusBadge status={key.status} />
                  </Table.Td>
                  <Table.Td>
                    <ServiceLinks services={key.worksOn} />
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
          noun="keys"
        />
      </QueryState>
      {!departed && (
        <CreateKeyDialog
          opened={creating}
          onClose={create.close}
          holder={{ id: holder.id, email: holder.email, kind: holder.kind }}
        />
      )}
    </Section>
  );
}

function ServiceLinks({ services }: { services: readonly { id: string; slug: string }[] }) {
  if (services.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        nowhere
      </Text>
    );
  }
  return (
    <Text size="sm">
      {services.map((s, i) => (
        <span key={s.id}>
          {i > 0 && ", "}
          <Anchor component={Link} href={`/services/${s.id}`} size="sm">
            {s.slug}
          </Anchor>
        </span>
      ))}
    </Text>
  );
}
