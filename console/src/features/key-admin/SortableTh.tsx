import { Table, UnstyledButton } from "@mantine/core";
import { IconArrowDown, IconArrowsSort, IconArrowUp } from "@tabler/icons-react";
import type { KeySort, SortColumn } from "./key-sort.js";

/**
 * A column header that sorts the list: a button inside the header, with `aria-sort` on the
 * header so screen readers announce the current order.
 */
export function SortableTh({
  column,
  label,
  sort,
  onSort,
}: {
  column: SortColumn;
  label: string;
  sort: KeySort;
  onSort: (column: SortColumn) => void;
}) {
  const active = sort.column === column;
  const Icon = !active ? IconArrowsSort : sort.direction === "asc" ? IconArrowUp : IconArrowDown;
  return (
    <Table.Th scope="col" aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}>
      <UnstyledButton
        onClick={() => onSort(column)}
        fw={700}
        fz="sm"
        style={{ display: "inline-flex", alignItems: "center", gap: 4 }}
      >
        {label}
        <Icon size={14} aria-hidden style={{ opacity: active ? 1 : 0.5 }} />
      </UnstyledButton>
    </Table.Th>
  );
}
