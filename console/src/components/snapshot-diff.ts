type Snapshot = Record<string, unknown> | null | undefined;

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface SnapshotDiff {
  /** Fields whose value differs, in the order the snapshots list them. */
  changed: FieldChange[];
  /** Fields with the same value before and after. */
  unchanged: Record<string, unknown>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Compares an audit event's before and after snapshots field by field. */
export function diffSnapshots(before: Snapshot, after: Snapshot): SnapshotDiff {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const changed: FieldChange[] = [];
  const unchanged: Record<string, unknown> = {};
  for (const field of fields) {
    const b = before?.[field];
    const a = after?.[field];
    if (same(b, a)) unchanged[field] = a ?? null;
    else changed.push({ field, before: b, after: a });
  }
  return { changed, unchanged };
}
