/**
 * Loaded into a server with `node --expose-gc --import <this file>` (see export-probe.ts): on
 * SIGUSR2 it writes one line to stderr with `process.memoryUsage()` in MB before and after a full
 * collection, and the V8 heap spaces' used sizes after it, so RSS can be split into live heap,
 * garbage, V8's reserved heap, external memory and array buffers.
 */
import { getHeapSpaceStatistics } from "node:v8";

const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
const usage = () => Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, mb(v)]));

process.on("SIGUSR2", () => {
  const before = usage();
  (globalThis as { gc?: () => void }).gc?.();
  const after = usage();
  const spaces = Object.fromEntries(
    getHeapSpaceStatistics().map((s) => [s.space_name, `${mb(s.space_used_size)}/${mb(s.space_size)}`]),
  );
  process.stderr.write(`memory ${JSON.stringify({ before, afterGc: after, spaces })}\n`);
});
