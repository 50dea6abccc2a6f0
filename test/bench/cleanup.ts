import { progress } from "./log.ts";

type Cleanup = () => Promise<void> | void;

const cleanups: Cleanup[] = [];
let running: Promise<void> | undefined;

/** Registers an action (stop a child, drop a database) to run at the end, newest first. */
export function onCleanup(fn: Cleanup): void {
  cleanups.push(fn);
}

/** Runs every registered action once, newest first; a failing action does not stop the others. */
export function runCleanups(): Promise<void> {
  running ??= (async () => {
    for (let fn = cleanups.pop(); fn; fn = cleanups.pop()) {
      try {
        await fn();
      } catch (error) {
        progress(`cleanup failed: ${(error as Error).message}`);
      }
    }
  })();
  return running;
}

/**
 * Cleans up on Ctrl-C or SIGTERM before exiting, so an interrupted run leaves no database or
 * process behind. A second signal exits at once.
 */
export function cleanUpOnSignals(): void {
  let signals = 0;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      signals++;
      if (signals > 1) process.exit(130);
      progress(`\n${signal}: stopping children and dropping the bench database…`);
      void runCleanups().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
    });
  }
}
