export interface FieldChange {
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

function show(value: unknown): string {
  if (value === undefined) return "";
  if (value === null) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/**
 * The fields of an audit event's before and after snapshots side by side, changed ones first,
 * so the reader sees at once what moved.
 */
export function diffSnapshots(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
): FieldChange[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const rows = fields.map((field) => {
    const b = show(before?.[field]);
    const a = show(after?.[field]);
    return { field, before: b, after: a, changed: before != null && after != null && b !== a };
  });
  return rows.sort((x, y) => Number(y.changed) - Number(x.changed));
}
