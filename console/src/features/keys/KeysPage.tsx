import { Anchor, Button, Group, Select, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedCallback, useDisclosure } from "@mantine/hooks";
import { IconDownload, IconPlus, IconSearch } from "@tabler/icons-react";
import { lazy, Suspense, useState } from "react";
import { useQuery } from "urql";
import { Link } from "wouter";
import { EnvironmentBadge, KeyStatusBadge } from "../../components/badges.js";
import { Can } from "../../components/Can.js";
import { PageHeader } from "../../components/PageHeader.js";
import { Pager } from "../../components/Pager.js";
import { useCursorPage } from "../../components/pagination.js";
import { QueryState } from "../../components/QueryState.js";
import { useUrlState } from "../../components/url-state.js";
import { When } from "../../components/When.js";
import { readFragment } from "../../graphql.js";
import { exportUrl, keyFilterFromUrl } from "./key-filters.js";
import { KeyRowFields, KeysQuery } from "./keys.graphql.js";

const PAGE_SIZE = 50;

// Loaded on first use: most visits to the list only read it.
const CreateKeyDialog = lazy(() => import("./CreateKeyDialog.js").then((m) => ({ default: m.CreateKeyDialog })));

/** Every API key, filtered and paginated on the server; the filters live in the URL. */
export default function KeysPage() {
  const { get, setFilter } = useUrlState();
  const filter = keyFilterFromUrl(get);
  const page = useCursorPage(PAGE_SIZE);
  const [result, refetch] = useQuery({
    query: KeysQuery,
    variables: { first: page.first, after: page.after, filter },
  });
  const [creating, create] = useDisclosure(false);
  const connection = result.data?.apiKeys;
  const keys = (connection?.nodes ?? []).map((k) => readFragment(KeyRowFields, k));
  const filtered = Object.values(filter).some((v) => v !== undefined);

  return (
    <>
      <PageHeader
        title="API keys"
        description="Who holds each key, and where it works today."
        actions={
          <>
            <Button
              component="a"
              href={exportUrl(filter)}
              download
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden />}
            >
              Export CSV
            </Button>
            <Can atLeast="OPERATOR">
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={create.open}>
                New key
              </Button>
            </Can>
          </>
        }
      />
      <KeyFilters get={get} setFilter={setFilter} />
      <QueryState
        fetching={result.fetching}
        error={result.error}
        hasData={connection !== undefined}
        retry={() => refetch({ requestPolicy: "network-only" })}
        empty={keys.length === 0 && (filtered ? "No key matches these filters." : "No API keys yet.")}
      >
        <Table.ScrollContainer minWidth={900}>
          <Table striped highlightOnHover verticalSpacing="xs" aria-label="API keys">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Key</Table.Th>
                <Table.Th scope="col">Environment</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Holder</Table.Th>
                <Table.Th scope="col">Works on</Table.Th>
                <Table.Th scope="col">Last used</Table.Th>
                <Table.Th scope="col">Expires</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.map((key) => (
                <Table.Tr key={key.id}>
                  <Table.Td>
                    <Anchor component={Link} href={`/keys/${key.id}`} fw={500}>
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
                    <Anchor component={Link} href={`/holders/${key.holder.id}`} size="sm">
                      {key.holder.email}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {key.holder.kind === "GROUP"
                        ? "group email"
                        : "status" in key.holder && key.holder.status === "DEPARTED"
                          ? "person · departed"
                          : "person"}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <WorksOn services={key.worksOn} />
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
      {creating && (
        <Suspense>
          <CreateKeyDialog opened onClose={create.close} />
        </Suspense>
      )}
    </>
  );
}

function WorksOn({ services }: { services: readonly { id: string; slug: string }[] }) {
  if (services.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        nowhere
      </Text>
    );
  }
  const shown = services.slice(0, 3);
  return (
    <Text size="sm">
      {shown.map((s, i) => (
        <span key={s.id}>
          {i > 0 && ", "}
          <Anchor component={Link} href={`/services/${s.id}`} size="sm">
            {s.slug}
          </Anchor>
        </span>
      ))}
      {services.length > shown.length && ` +${services.length - shown.length} more`}
    </Text>
  );
}

function KeyFilters({ get, setFilter }: Pick<ReturnType<typeof useUrlState>, "get" | "setFilter">) {
  const [search, setSearch] = useState(get("q") ?? "");
  const commitSearch = useDebouncedCallback((q: string) => setFilter({ q: q.trim() }), 250);
  return (
    <Group mb="sm" align="flex-end" gap="sm" wrap="wrap" role="search" aria-label="Filter keys">
      <TextInput
        label="Search"
        placeholder="Name or prefix"
        leftSection={<IconSearch size={14} aria-hidden />}
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          commitSearch(e.currentTarget.value);
        }}
        w={220}
      />
      <Select
        label="Environment"
        placeholder="Any"
        clearable
        data={[
          { value: "PRODUCTION", label: "Production" },
          { value: "STAGING", label: "Staging" },
        ]}
        value={get("environment") ?? null}
        onChange={(v) => setFilter({ environment: v })}
        w={150}
      />
      <Select
        label="Status"
        placeholder="Any"
        clearable
        data={[
          { value: "ACTIVE", label: "Active" },
          { value: "EXPIRED", label: "Expired" },
          { value: "REVOKED", label: "Revoked" },
        ]}
        value={get("status") ?? null}
        onChange={(v) => setFilter({ status: v })}
        w={130}
      />
      <Select
        label="Holder"
        placeholder="Anyone"
        clearable
        data={[
          { value: "USER", label: "People" },
          { value: "GROUP", label: "Group emails" },
        ]}
        value={get("holderKind") ?? null}
        onChange={(v) => setFilter({ holderKind: v })}
        w={150}
      />
      <Select
        label="Expiring within"
        placeholder="Any time"
        clearable
        data={[
          { value: "7", label: "7 days" },
          { value: "30", label: "30 days" },
          { value: "90", label: "90 days" },
        ]}
        value={get("expiring") ?? null}
        onChange={(v) => setFilter({ expiring: v })}
        w={150}
      />
      <Select
        label="Unused for"
        placeholder="Any"
        clearable
        data={[
          { value: "30", label: "30 days" },
          { value: "90", label: "90 days" },
          { value: "180", label: "180 days" },
        ]}
        value={get("unused") ?? null}
        onChange={(v) => setFilter({ unused: v })}
        w={130}
      />
    </Group>
  );
}
