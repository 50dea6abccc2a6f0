import { readFragment } from "@keyholder/graphql";
import { Button } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconDownload, IconPlus } from "@tabler/icons-react";
import { lazy, Suspense, useRef, useState } from "react";
import { useQuery } from "urql";
import {
  ENVIRONMENT_OPTIONS,
  FilterBar,
  HOLDER_KIND_OPTIONS,
  options,
  ParamSelect,
  SearchFilter,
} from "../../components/filters.js";
import { PageHeader } from "../../components/PageHeader.js";
import { Pager } from "../../components/Pager.js";
import { useCursorPage } from "../../components/pagination.js";
import { QueryState, queryProps } from "../../components/QueryState.js";
import { useUrlState } from "../../components/url-state.js";
import { Can } from "../auth/Can.js";
import { useSession } from "../auth/session.js";
import type { SelectedKey } from "../key-admin/BulkRevokeDialog.js";
import { orderBy, sortFromUrl, sortParams } from "../key-admin/key-sort.js";
import { SelectionBar } from "../key-admin/SelectionBar.js";
import { ServiceFilter } from "../key-admin/ServiceFilter.js";
import { KeysTable } from "./KeysTable.js";
import { exportUrl, KEY_FILTER_PARAMS, keyFilterFromUrl } from "./key-filters.js";
import { KeyRowFields, KeysQuery } from "./keys.graphql.js";

const PAGE_SIZE = 50;

// Loaded on first use: most visits to the list only read it.
const CreateKeyDialog = lazy(() => import("./CreateKeyDialog.js").then((m) => ({ default: m.CreateKeyDialog })));

/** Every API key, filtered and paginated on the server; the filters live in the URL. */
export default function KeysPage() {
  const { get, setFilter } = useUrlState();
  const filter = keyFilterFromUrl(get);
  const sort = sortFromUrl(get, filter.expiresWithinDays !== undefined);
  const page = useCursorPage(PAGE_SIZE);
  const [result, refetch] = useQuery({
    query: KeysQuery,
    variables: { first: page.first, after: page.after, filter, orderBy: orderBy(sort) },
  });
  const { can } = useSession();
  // Selected keys by id, kept across pages until acted on or cleared.
  const [selected, setSelected] = useState<ReadonlyMap<string, SelectedKey>>(new Map());
  const [creating, create] = useDisclosure(false);
  const newKeyButton = useRef<HTMLButtonElement>(null);
  // The dialog mounts already open (it is loaded on first use), so Mantine never saw what had focus
  // before it: focus goes back to New key by hand, once the dialog has gone.
  const closeCreate = () => {
    create.close();
    setTimeout(() => newKeyButton.current?.focus());
  };
  const connection = result.data?.apiKeys;
  const keys = connection?.nodes ?? [];
  const filtered = Object.values(filter).some((v) => v !== undefined);
  // Remounting the filters empties the search box, which keeps its own text while typing.
  const [filtersKey, setFiltersKey] = useState(0);
  const clearFilters = () => {
    setFilter(Object.fromEntries(KEY_FILTER_PARAMS.map((p) => [p, null])));
    setFiltersKey((k) => k + 1);
  };
  const rows = keys.map((k) => readFragment(KeyRowFields, k));
  const select = (ids: string[], on: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      for (const id of ids) {
        const key = rows.find((k) => k.id === id);
        if (on && key) next.set(id, { id, name: key.name, prefix: key.prefix });
        else next.delete(id);
      }
      return next;
    });
  const afterBulk = () => {
    setSelected(new Map());
    refetch({ requestPolicy: "network-only" });
  };

  return (
    <>
      <PageHeader
        title="API keys"
        description="Who holds each key, and where it works today."
        actions={
          <>
            <Button
              component="a"
              href={exportUrl(filter, get("sort") ? orderBy(sort) : undefined)}
              download
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden />}
            >
              Export CSV
            </Button>
            <Can atLeast="OPERATOR">
              <Button ref={newKeyButton} leftSection={<IconPlus size={16} aria-hidden />} onClick={create.open}>
                New key
              </Button>
            </Can>
          </>
        }
      />
      <KeyFilters key={filtersKey} serviceId={filter.worksOnServiceId ?? undefined} />
      <SelectionBar keys={[...selected.values()]} onClear={() => setSelected(new Map())} onDone={afterBulk} />
      <QueryState
        {...queryProps(result, refetch)}
        hasData={connection !== undefined}
        empty={keys.length === 0 && (filtered ? "No key matches these filters." : "No API keys yet.")}
        emptyAction={
          filtered && (
            <Button variant="default" size="xs" mt="xs" onClick={clearFilters}>
              Clear filters
            </Button>
          )
        }
      >
        <KeysTable
          keys={connection?.nodes ?? []}
          label="API keys"
          sorting={{ sort, onSort: (column) => setFilter(sortParams(sort, column)) }}
          selection={
            can("OPERATOR") ? { selected: new Set(selected.keys()), onChange: (ids, on) => select(ids, on) } : undefined
          }
        />
        <Pager page={page} connection={connection} shown={keys.length} noun="key" />
      </QueryState>
      {creating && (
        <Suspense>
          <CreateKeyDialog opened onClose={closeCreate} />
        </Suspense>
      )}
    </>
  );
}

const STATUS_OPTIONS = options(
  ["ACTIVE", "Active"],
  ["EXPIRED", "Expired"],
  ["REVOKED", "Revoked"],
  ["SUSPENDED", "Suspended"],
);
const HOLDER_STATUS_OPTIONS = options(["ACTIVE", "Staff"], ["DEPARTED", "Departed"]);
const EXPIRING_OPTIONS = options(["7", "7 days"], ["30", "30 days"], ["90", "90 days"]);
const UNUSED_OPTIONS = options(["30", "30 days"], ["90", "90 days"], ["180", "180 days"]);

function KeyFilters({ serviceId }: { serviceId: string | undefined }) {
  return (
    <FilterBar label="Filter keys">
      <SearchFilter label="Search" placeholder="Name, prefix or holder email" w={240} />
      <ServiceFilter serviceId={serviceId} w={190} />
      <ParamSelect param="environment" label="Environment" data={ENVIRONMENT_OPTIONS} w={150} />
      <ParamSelect param="status" label="Status" data={STATUS_OPTIONS} w={130} />
      <ParamSelect param="holderKind" label="Holder" placeholder="Anyone" data={HOLDER_KIND_OPTIONS} w={150} />
      <ParamSelect
        param="holderStatus"
        label="Holder status"
        placeholder="Anyone"
        data={HOLDER_STATUS_OPTIONS}
        w={140}
      />
      <ParamSelect param="expiring" label="Expiring within" placeholder="Any time" data={EXPIRING_OPTIONS} w={150} />
      <ParamSelect param="unused" label="Unused for" data={UNUSED_OPTIONS} w={130} />
    </FilterBar>
  );
}
