/** Escapes LIKE wildcards so user text matches literally; returns a `%text%` pattern. */
export function containsPattern(text: string): string {
  return `%${text
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
