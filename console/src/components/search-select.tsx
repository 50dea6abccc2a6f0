import { Select, type SelectProps } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useState } from "react";

/**
 * What a picker's box holds, and the text to ask the server for: the typed text once typing
 * pauses, or nothing while the box still shows the picked value's `label`.
 */
export function usePickerSearch(label: string | undefined) {
  const [search, setSearch] = useState(label ?? "");
  // A value set from outside (a bulk choice, a reset) shows its label, as a picked one does.
  useEffect(() => setSearch(label ?? ""), [label]);
  const [debounced] = useDebouncedValue(search, 200);
  return { search, setSearch, typed: debounced === label ? "" : debounced.trim() };
}

interface Props<T extends { id: string }>
  extends Omit<SelectProps, "data" | "value" | "onChange" | "searchValue" | "onSearchChange"> {
  /** What the server found (and the picked value), by id, in the order shown. */
  options: ReadonlyMap<string, T>;
  optionLabel: (option: T) => string;
  value: { id: string } | null;
  search: ReturnType<typeof usePickerSearch>;
  onPick: (option: T | null) => void;
}

/** A select over options the server already searched: it shows them as they are and answers the picked one. */
export function SearchSelect<T extends { id: string }>({
  options,
  optionLabel,
  value,
  search,
  onPick,
  ...rest
}: Props<T>) {
  return (
    <Select
      searchable
      clearable
      {...rest}
      data={[...options.values()].map((o) => ({ value: o.id, label: optionLabel(o) }))}
      value={value?.id ?? null}
      searchValue={search.search}
      onSearchChange={search.setSearch}
      filter={({ options: all }) => all}
      onChange={(id) => onPick((id && options.get(id)) || null)}
    />
  );
}
