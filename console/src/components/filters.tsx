import { Group, type MantineSpacing, Select, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { useUrlState } from "./url-state.js";

/** Select options from `[value, label]` pairs, in the order given. */
export function options(...pairs: [value: string, label: string][]): { value: string; label: string }[] {
  return pairs.map(([value, label]) => ({ value, label }));
}

/** The API's key environments, as filter options. */
export const ENVIRONMENT_OPTIONS = options(["PRODUCTION", "Production"], ["STAGING", "Staging"]);

/** The kinds of holder, as filter options. */
export const HOLDER_KIND_OPTIONS = options(["USER", "People"], ["GROUP", "Group emails"]);

/** A list's filters in one row that wraps, announced as a search landmark named `label`. */
export function FilterBar({
  label,
  gap = "sm",
  children,
}: {
  label: string;
  gap?: MantineSpacing;
  children: ReactNode;
}) {
  return (
    <Group mb="sm" align="flex-end" gap={gap} wrap="wrap" role="search" aria-label={label}>
      {children}
    </Group>
  );
}

/** A list's text search, kept in the URL as `q` once typing pauses (and the list back on page one). */
export function SearchFilter({ label, placeholder, w }: { label: string; placeholder: string; w: number }) {
  const { get, setFilter } = useUrlState();
  const [search, setSearch] = useState(get("q") ?? "");
  const commitSearch = useDebouncedCallback((q: string) => setFilter({ q: q.trim() }), 250);
  return (
    <TextInput
      label={label}
      placeholder={placeholder}
      leftSection={<IconSearch size={14} aria-hidden />}
      value={search}
      onChange={(e) => {
        setSearch(e.currentTarget.value);
        commitSearch(e.currentTarget.value);
      }}
      w={w}
    />
  );
}

/** A clearable choice kept in the URL parameter `param`; choosing goes back to page one. */
export function ParamSelect({
  param,
  label,
  placeholder = "Any",
  data,
  w,
}: {
  param: string;
  label: string;
  placeholder?: string;
  data: { value: string; label: string }[];
  w: number;
}) {
  const { get, setFilter } = useUrlState();
  return (
    <Select
      label={label}
      placeholder={placeholder}
      clearable
      data={data}
      value={get(param) ?? null}
      onChange={(v) => setFilter({ [param]: v })}
      w={w}
    />
  );
}
