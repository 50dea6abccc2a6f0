import { Group, Select, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import { useUrlState } from "../../components/url-state.js";

/** Filters on the leaver's keys, kept in the URL; `withAction` adds the operator's decision. */
export function KeyFilters({ withAction = false }: { withAction?: boolean }) {
  const { get, setFilter } = useUrlState();
  const [search, setSearch] = useState(get("q") ?? "");
  const commitSearch = useDebouncedCallback((q: string) => setFilter({ q: q.trim() }), 250);
  return (
    <Group mb="sm" align="flex-end" gap="sm" wrap="wrap" role="search" aria-label="Filter the leaver's keys">
      <TextInput
        label="Search keys"
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
        label="State"
        placeholder="Any"
        clearable
        data={[
          { value: "active", label: "Active" },
          { value: "inactive", label: "Revoked or expired" },
        ]}
        value={get("state") ?? null}
        onChange={(v) => setFilter({ state: v })}
        w={180}
      />
      {withAction && (
        <Select
          label="Decision"
          placeholder="Any"
          clearable
          data={[
            { value: "REASSIGN", label: "Reassign" },
            { value: "REVOKE", label: "Revoke" },
          ]}
          value={get("action") ?? null}
          onChange={(v) => setFilter({ action: v })}
          w={150}
        />
      )}
    </Group>
  );
}
