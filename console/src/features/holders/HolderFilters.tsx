import { Select } from "@mantine/core";
import { FilterBar, HOLDER_KIND_OPTIONS, options, SearchFilter } from "../../components/filters.js";
import type { useUrlState } from "../../components/url-state.js";
import type { HolderFilter } from "./holder-filters.js";

const STATUS_OPTIONS = options(["ACTIVE", "Active"], ["DEPARTED", "Departed"]);

type Props = Pick<ReturnType<typeof useUrlState>, "setFilter"> & { filter: HolderFilter };

/** Search, kind and status of the holders list; every change lands in the URL and goes back to page one. */
export function HolderFilters({ setFilter, filter }: Props) {
  return (
    <FilterBar label="Filter holders">
      <SearchFilter label="Search" placeholder="Email or name" w={240} />
      <Select
        label="Kind"
        placeholder="Everyone"
        clearable
        data={HOLDER_KIND_OPTIONS}
        value={filter.kind ?? null}
        // Group emails have no status: choosing them clears a status filter that would match nothing.
        onChange={(v) => setFilter(v === "GROUP" ? { kind: v, status: null } : { kind: v })}
        w={160}
      />
      <Select
        label="Status"
        placeholder="Any"
        description={filter.kind === "GROUP" ? "People only" : undefined}
        clearable
        disabled={filter.kind === "GROUP"}
        data={STATUS_OPTIONS}
        value={filter.status ?? null}
        onChange={(v) => setFilter({ status: v })}
        w={140}
      />
    </FilterBar>
  );
}
