import { Select, type SelectProps } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { useQuery } from "urql";
import { ServiceOptionsQuery } from "./pickers.graphql.js";

export interface PickedService {
  id: string;
  slug: string;
}

interface Props extends Omit<SelectProps, "data" | "value" | "onChange" | "searchValue" | "onSearchChange"> {
  value: PickedService | null;
  onChange: (service: PickedService | null) => void;
}

/** Finds a live service by slug or name; the server does the search. */
export function ServicePicker({ value, onChange, ...rest }: Props) {
  const [search, setSearch] = useState(value?.slug ?? "");
  useEffect(() => setSearch(value?.slug ?? ""), [value?.slug]);
  const [debounced] = useDebouncedValue(search, 200);
  const typed = debounced === value?.slug ? "" : debounced.trim();
  const [{ data, fetching }] = useQuery({ query: ServiceOptionsQuery, variables: { search: typed || undefined } });
  const nodes = data?.services.nodes ?? [];
  const options = new Map(nodes.map((s) => [s.id, s]));
  if (value && !options.has(value.id)) options.set(value.id, { ...value, name: value.slug });
  return (
    <Select
      searchable
      clearable
      nothingFoundMessage={fetching ? "Searching…" : "No service matches"}
      placeholder="Type a slug or a name"
      {...rest}
      data={[...options.values()].map((s) => ({ value: s.id, label: s.slug }))}
      value={value?.id ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      onChange={(id) => {
        const picked = id ? options.get(id) : undefined;
        onChange(picked ? { id: picked.id, slug: picked.slug } : null);
      }}
    />
  );
}
