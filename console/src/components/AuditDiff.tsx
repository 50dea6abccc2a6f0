import { Code, Stack, Table, Text } from "@mantine/core";
import { ColumnHeads } from "./ColumnHeads.js";
import { diffSnapshots } from "./snapshot-diff.js";

type Snapshot = Record<string, unknown> | null | undefined;

const CHANGED_BG = "light-dark(var(--mantine-color-yellow-1), rgba(250, 176, 5, 0.15))";

function Value({ value }: { value: unknown }) {
  if (value === undefined || value === null) {
    return (
      <Text span size="sm" c="dimmed">
        —
      </Text>
    );
  }
  if (typeof value === "object") {
    return (
      <Code block fz="xs">
        {JSON.stringify(value, null, 2)}
      </Code>
    );
  }
  return (
    <Text span size="sm" style={{ wordBreak: "break-word" }}>
      {String(value)}
    </Text>
  );
}

/**
 * What an event changed: the fields that differ, before and after side by side and highlighted,
 * then the fields that stayed the same as JSON. Creations and removals have only one side.
 */
export function AuditDiff({ before, after, label }: { before: Snapshot; after: Snapshot; label: string }) {
  if (!before && !after) {
    return (
      <Text size="sm" c="dimmed">
        No before or after was recorded for this event.
      </Text>
    );
  }
  const { changed, unchanged } = diffSnapshots(before, after);
  const rest = Object.keys(unchanged).length > 0;
  return (
    <Stack gap="xs">
      {changed.length > 0 ? (
        <Table withTableBorder withColumnBorders verticalSpacing={4} aria-label={`Changes to ${label}`} layout="fixed">
          <ColumnHeads columns={[{ name: "Field", w: "22%" }, "Before", "After"]} />
          <Table.Tbody>
            {changed.map((c) => (
              <Table.Tr key={c.field} data-changed="true" style={{ background: CHANGED_BG }}>
                <Table.Th scope="row" fw={600} fz="sm" ff="monospace">
                  {c.field}
                </Table.Th>
                <Table.Td>
                  <Value value={c.before} />
                </Table.Td>
                <Table.Td>
                  <Value value={c.after} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm">Nothing changed: before and after are the same.</Text>
      )}
      {rest && (
        <Stack gap={4}>
          <Text size="xs" fw={600}>
            Unchanged
          </Text>
          <Code block fz="xs" data-testid="unchanged">
            {JSON.stringify(unchanged, null, 2)}
          </Code>
        </Stack>
      )}
    </Stack>
  );
}
