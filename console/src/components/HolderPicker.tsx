import type { HolderKind } from "@keyholder/graphql";
import { Group, type SelectProps, Text } from "@mantine/core";
import { useMemo } from "react";
import { useQuery } from "urql";
import { HolderKindBadge } from "./badges.js";
import { HolderOptionsQuery } from "./pickers.graphql.js";
import { plural } from "./plural.js";
import { SearchSelect, usePickerSearch } from "./search-select.js";

export interface PickedHolder {
  id: string;
  email: string;
  kind: HolderKind;
}

interface Props extends Omit<SelectProps, "data" | "value" | "onChange" | "searchValue" | "onSearchChange"> {
  value: PickedHolder | null;
  onChange: (holder: PickedHolder | null) => void;
  /** Only users or only group emails. */
  kind?: HolderKind;
  /** Departed users cannot hold keys or collaborate: hidden unless asked for. */
  includeDeparted?: boolean;
  /** Holders that make no sense here (e.g. the current holder). */
  exclude?: readonly string[];
}

const isDeparted = (h: object) => "status" in h && h.status === "DEPARTED";

/** Finds a user or group email by typing part of the email or name; the server does the search. */
export function HolderPicker({ value, onChange, kind, includeDeparted, exclude = [], ...rest }: Props) {
  const search = usePickerSearch(value?.email);
  const typed = search.typed;
  const [{ data, fetching }] = useQuery({
    query: HolderOptionsQuery,
    variables: {
      // A search asks for departed users too, hidden here, so the picker can say why someone is missing.
      filter: {
        search: typed || undefined,
        kind,
        status: !includeDeparted && kind === "USER" && !typed ? "ACTIVE" : undefined,
      },
    },
  });
  const left = includeDeparted
    ? []
    : (data?.holders.nodes ?? []).filter((h) => isDeparted(h) && !exclude.includes(h.id));
  const options = useMemo(() => {
    const nodes = (data?.holders.nodes ?? []).filter(
      (h) => !exclude.includes(h.id) && (includeDeparted || !isDeparted(h)),
    );
    const byId = new Map(nodes.map((h) => [h.id, h]));
    if (value && !byId.has(value.id)) byId.set(value.id, { ...value, name: value.email });
    return byId;
  }, [data, exclude, includeDeparted, value]);

  return (
    <SearchSelect
      nothingFoundMessage={
        fetching
          ? "Searching…"
          : left[0]
            ? `${left[0].email}${left.length > 1 ? ` and ${plural(left.length - 1, "other")}` : ""} ${left.length > 1 ? "have" : "has"} left: departed users cannot be chosen here.`
            : "No holder matches"
      }
      placeholder="Type an email or a name"
      {...rest}
      options={options}
      optionLabel={(h) => h.email}
      value={value}
      search={search}
      onPick={(picked) => onChange(picked ? { id: picked.id, email: picked.email, kind: picked.kind } : null)}
      renderOption={({ option }) => {
        const holder = options.get(option.value);
        return (
          <Group gap="xs" wrap="nowrap">
            <Text size="sm">{option.label}</Text>
            {holder && <HolderKindBadge kind={holder.kind} />}
          </Group>
        );
      }}
    />
  );
}
