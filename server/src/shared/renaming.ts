/**
 * Applies the parsed fields of a `RenamingInput` to the record it updates: an omitted name or
 * description keeps it, a blank description (parsed to null) clears it.
 */
export function applyRenaming(
  record: { name: string; description?: string | null },
  change: { name?: string | null; description?: string | null },
): void {
  if (change.name != null) record.name = change.name;
  if (change.description !== undefined) record.description = change.description;
}
