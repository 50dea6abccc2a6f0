import { describe, expect, it } from "vitest";
import { csvLine } from "./csv.js";
import { CHUNK_CHARS, csvChunks } from "./csv-chunks.js";

/** `batches` batches of `size` rows, each row a line of about 120 characters; counts the reads. */
function source(batches: number, size: number) {
  const state = { reads: 0 };
  const read = async () => {
    const batch = state.reads++;
    if (batch >= batches) return [];
    return Array.from({ length: size }, (_, i) => [`key ${batch}-${i}`, "x".repeat(100), null, 'a "quoted", name']);
  };
  return { state, read };
}

describe("csvChunks", () => {
  it("writes the header, then every row in order, in chunks no larger than CHUNK_CHARS and one line", async () => {
    const { read } = source(5, 1000);
    const chunks: string[] = [];
    for await (const chunk of csvChunks(["a", "b", "c", "d"], read)) chunks.push(chunk);
    expect(chunks[0]).toBe("a,b,c,d\r\n");
    const lines = chunks.join("").trimEnd().split("\r\n");
    expect(lines).toHaveLength(5001);
    expect(lines[1]).toBe(csvLine(["key 0-0", "x".repeat(100), null, 'a "quoted", name']).trimEnd());
    expect(lines[5000]).toMatch(/^key 4-999,/);
    const longestLine = Math.max(...lines.map((l) => l.length + 2));
    // A batch of 1,000 rows is ~130,000 characters: written whole, it would be one string past
    // V8's large-object size.
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(CHUNK_CHARS + longestLine);
    expect(chunks.length).toBeGreaterThan((5000 * 120) / (CHUNK_CHARS + longestLine));
  });

  it("sends the header before the first read, and reads the next batch only once the reader took the last chunk", async () => {
    const { state, read } = source(3, 1000);
    const chunks = csvChunks(["a"], read);
    await chunks.next();
    expect(state.reads, "the header needs no read").toBe(0);
    // A reader that takes one chunk and stops: the generator holds the first batch, reads no more.
    await chunks.next();
    expect(state.reads).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(state.reads, "no read ahead of a reader that stopped").toBe(1);
    while (!(await chunks.next()).done);
    expect(state.reads, "three batches and the empty read that ends").toBe(4);
  });
});
