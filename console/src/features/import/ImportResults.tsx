import type { ImportInventoryMutation, ResultOf } from "@keyholder/graphql";
import { Badge, Group, Pagination, SegmentedControl, Stack, Table, Text } from "@mantine/core";
import { useMemo, useState } from "react";
import { ColumnHeads } from "../../components/ColumnHeads.js";
import { DataTable } from "../../components/DataTable.js";

export type ImportResult = NonNullable<ResultOf<typeof ImportInventoryMutation>["importInventory"]["result"]>;

const PAGE = 50;
const KIND_LABEL: Record<string, string> = {
  USER: "User",
  GROUP_EMAIL: "Group email",
  SERVICE: "Service",
  COLLABORATOR: "Collaborator",
  KEY: "Key",
};
const OUTCOME_COLOR: Record<string, string> = { CREATED: "green", UPDATED: "blue", UNCHANGED: "gray", REFUSED: "red" };

/** The counts per kind and every row's outcome, refused rows first to look at, 50 a page. */
export function ImportResults({ result }: { result: ImportResult }) {
  const [show, setShow] = useState(result.refused > 0 ? "REFUSED" : "ALL");
  const [page, setPage] = useState(1);
  const rows = useMemo(
    () => (show === "ALL" ? result.rows : result.rows.filter((r) => r.outcome === show)),
    [result.rows, show],
  );
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const visible = rows.slice((page - 1) * PAGE, page * PAGE);
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={520}>
        <Table withTableBorder aria-label="Rows by kind and outcome">
          <ColumnHeads
            columns={[
              "Kind",
              { name: "Created", ta: "right" },
              { name: "Updated", ta: "right" },
              { name: "Unchanged", ta: "right" },
              { name: "Refused", ta: "right" },
            ]}
          />
          <Table.Tbody>
            {result.counts.map((c) => (
              <Table.Tr key={c.kind}>
                <Table.Td>{KIND_LABEL[c.kind]}</Table.Td>
                <Table.Td ta="right">{c.created}</Table.Td>
                <Table.Td ta="right">{c.updated}</Table.Td>
                <Table.Td ta="right">{c.unchanged}</Table.Td>
                <Table.Td ta="right" c={c.refused ? "red.8" : undefined} fw={c.refused ? 700 : undefined}>
                  {c.refused}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <SegmentedControl
        aria-label="Rows to show"
        value={show}
        onChange={(value) => {
          setShow(value);
          setPage(1);
        }}
        data={[
          { value: "ALL", label: `All (${result.rows.length})` },
          { value: "REFUSED", label: `Refused (${result.refused})` },
          { value: "CREATED", label: "Created" },
          { value: "UPDATED", label: "Updated" },
          { value: "UNCHANGED", label: "Unchanged" },
        ]}
      />
      <DataTable
        minWidth={640}
        striped
        aria-label="Rows of the file"
        columns={["Kind", { name: "Row", ta: "right" }, "Record", "Outcome", "Why"]}
        rows={visible}
        rowKey={(r) => `${r.kind}-${r.row}`}
      >
        {(r) => (
          <>
            <Table.Td>{KIND_LABEL[r.kind]}</Table.Td>
            <Table.Td ta="right">{r.row}</Table.Td>
            <Table.Td style={{ overflowWrap: "anywhere" }}>{r.reference ?? "—"}</Table.Td>
            <Table.Td>
              <Badge color={OUTCOME_COLOR[r.outcome]} variant="light">
                {r.outcome.toLowerCase()}
              </Badge>
            </Table.Td>
            <Table.Td>
              {r.code && (
                <Text size="sm">
                  <Text span ff="monospace" size="sm">
                    {r.code}
                  </Text>
                  {r.field ? ` (${r.field})` : ""}: {r.message}
                </Text>
              )}
            </Table.Td>
          </>
        )}
      </DataTable>
      <Group justify="space-between">
        <Text size="sm" c="dimmed" aria-live="polite">
          {rows.length === 0
            ? "No rows"
            : `${(page - 1) * PAGE + 1}–${Math.min(page * PAGE, rows.length)} of ${rows.length} rows`}
        </Text>
        {pages > 1 && (
          <Pagination
            size="sm"
            total={pages}
            value={page}
            onChange={setPage}
            getItemProps={(n) => ({ "aria-label": `Page ${n}` })}
          />
        )}
      </Group>
    </Stack>
  );
}
