import { Table, type TableThProps, VisuallyHidden } from "@mantine/core";

/** A column header: its name, or the name with how the column is laid out. */
export type Column =
  | string
  | {
      name: string;
      /** The name is for screen readers only (a column of buttons or toggles). */
      hidden?: boolean;
      ta?: TableThProps["ta"];
      w?: TableThProps["w"];
      /** The name stays on one line. */
      nowrap?: boolean;
    };

/**
 * A table's head row: one column header a name, each scoped to its column. A `false` column
 * (`writer && "Actions"`) is left out.
 */
export function ColumnHeads({ columns }: { columns: readonly (Column | false)[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {columns.map((column) => {
          if (column === false) return null;
          const { name, hidden, nowrap, ...layout } = typeof column === "string" ? { name: column } : column;
          return (
            <Table.Th key={name} scope="col" style={nowrap ? { whiteSpace: "nowrap" } : undefined} {...layout}>
              {hidden ? <VisuallyHidden>{name}</VisuallyHidden> : name}
            </Table.Th>
          );
        })}
      </Table.Tr>
    </Table.Thead>
  );
}
