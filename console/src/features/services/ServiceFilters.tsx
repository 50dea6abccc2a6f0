import { Group, Switch, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import type { useUrlState } from "../../components/url-state.js";

type Props = Pick<ReturnType<typeof useUrlState>, "get" | "setFilter">;

/** Search by slug or name, and the switch between live and archived services (the API lists one or the other). */
export function ServiceFilters({ get, setFilter }: Props) {
  const [search, setSearch] = useState(get("q") ?? "");
  const commitSearch = useDebouncedCallback((q: string) => setFilter({ q: q.trim() }), 250);
  return (
    <Group mb="sm" align="flex-end" gap="lg" wrap="wrap" role="search" aria-label="Filter services">
      <TextInput
        label="Search"
        placeholder="Slug or name"
        leftSection={<IconSearch size={14} aria-hidden />}
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          commitSearch(e.currentTarget.value);
        }}
        w={260}
      />
      <Switch
        label="Show archived"
        description="Archived services instead of live ones"
        checked={get("archived") === "true"}
        onChange={(e) => setFilter({ archived: e.currentTarget.checked })}
        mb={4}
      />
    </Group>
  );
}
