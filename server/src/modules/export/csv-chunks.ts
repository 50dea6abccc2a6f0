import { csvLine } from "./csv.js";

/**
 * Characters per chunk of CSV text, well under V8's large-object size (128 kB). The export used
 * to write each batch of a thousand rows as one ~200 kB string; in chunks this size every string
 * it makes stays small and short-lived (see docs/performance.md, "The export at 1M keys").
 */
export const CHUNK_CHARS = 16 * 1024;

/**
 * The CSV text of `header` and then of the rows `read` returns, batch by batch until an empty one,
 * in chunks of at least `CHUNK_CHARS` characters (the last may be shorter) and at most that plus
 * one line. The header comes before the first read; the next batch is read only once the consumer
 * has taken every chunk of the one before, so a reader that stops reading stops the reads, and
 * at most one batch of rows is held at a time.
 */
export async function* csvChunks(header: readonly unknown[], read: () => Promise<unknown[][]>): AsyncGenerator<string> {
  yield csvLine([...header]);
  let chunk = "";
  for (let rows = await read(); rows.length; rows = await read()) {
    for (const row of rows) {
      chunk += csvLine(row);
      if (chunk.length < CHUNK_CHARS) continue;
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}
