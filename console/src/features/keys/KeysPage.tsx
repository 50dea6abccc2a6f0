import { Button, Group, Select, TextInput } from "@mantine/core";
import { useDebouncedCallback, useDisclosure } from "@mantine/hooks";
import { IconDownload, IconPlus, IconSearch } from "@tabler/icons-react";
import { lazy, Suspense, useState } from "react";
import { useQuery } from "urql";
import { Can } from "../../components/Can.js";
import { PageHeader } from "../../components/PageHeader.js";
import { Pager } from "../../components/Pager.js";
import { useCursorPage } from "../../components/pagination.js";
import { QueryState } from "../../components/QueryState.js";
import { useUrlState } from "../../components/url-state.js";
import { KeysTable } from "./KeysTable.js";
import { exportUrl, keyFilterFromUrl } from "./key-filters.js";
import { KeysQuery } from "./keys.graphql.js";

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
  const keys = connection?.nodes ?? [];
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
        <KeysTable keys={connection?.nodes ?? []} label="API keys" />
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
