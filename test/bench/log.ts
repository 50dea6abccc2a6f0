import { performance } from "node:perf_hooks";

/**
 * Progress goes to stderr so that stdout carries only the results (table and JSON line), which
 * keeps `pnpm bench | tail -1` usable by scripts.
 */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Runs one named step, reporting how long it took. */
export async function step<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  progress(`▸ ${label}…`);
  const result = await fn();
  progress(`  done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
}
