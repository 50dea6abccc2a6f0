import { Select, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import { useUrlState } from "./url-state.js";

/** The API's key environments, as filter options. */
export const ENVIRONMENT_OPTIONS = [
  { value: "PRODUCTION", label: "Production" },
  { value: "STAGING", label: "Staging" },
];

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
