import type { SelectProps } from "@mantine/core";
import { useQuery } from "urql";
import { ServiceOptionsQuery } from "./pickers.graphql.js";
import { SearchSelect, usePickerSearch } from "./search-select.js";

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
  const search = usePickerSearch(value?.slug);
  const [{ data, fetching }] = useQuery({
    query: ServiceOptionsQuery,
    variables: { search: search.typed || undefined },
  });
  const nodes = data?.services.nodes ?? [];
  const options = new Map(nodes.map((s) => [s.id, s]));
  if (value && !options.has(value.id)) options.set(value.id, { ...value, name: value.slug });
  return (
    <SearchSelect
      nothingFoundMessage={fetching ? "Searching…" : "No service matches"}
      placeholder="Type a slug or a name"
      {...rest}
      options={options}
      optionLabel={(s) => s.slug}
      value={value}
      search={search}
      onPick={(picked) => onChange(picked ? { id: picked.id, slug: picked.slug } : null)}
    />
  );
}
