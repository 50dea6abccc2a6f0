import { Switch } from "@mantine/core";
import { FilterBar, SearchFilter } from "../../components/filters.js";
import type { useUrlState } from "../../components/url-state.js";

type Props = Pick<ReturnType<typeof useUrlState>, "get" | "setFilter">;

/** Search by slug or name, and the switch between live and archived services (the API lists one or the other). */
export function ServiceFilters({ get, setFilter }: Props) {
  return (
    <FilterBar label="Filter services" gap="lg">
      <SearchFilter label="Search" placeholder="Slug or name" w={260} />
      <Switch
        label="Show archived"
        description="Archived services instead of live ones"
        checked={get("archived") === "true"}
        onChange={(e) => setFilter({ archived: e.currentTarget.checked })}
        mb={4}
      />
    </FilterBar>
  );
}
