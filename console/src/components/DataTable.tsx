import { Table, type TableProps } from "@mantine/core";
import type { ReactNode } from "react";
import { type Column, ColumnHeads } from "./ColumnHeads.js";

interface Props<T> extends Omit<TableProps, "children"> {
  columns: readonly (Column | false)[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** A row's cells. */
  children: (row: T) => ReactNode;
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth?: number;
}

/** A table of rows under a head row of column names, scrolling sideways when `minWidth` is given. */
export function DataTable<T>({ columns, rows, rowKey, children, minWidth, ...table }: Props<T>) {
  const body = (
    <Table {...table}>
      <ColumnHeads columns={columns} />
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={rowKey(row)}>{children(row)}</Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  return minWidth === undefined ? body : <Table.ScrollContainer minWidth={minWidth}>{body}</Table.ScrollContainer>;
}
