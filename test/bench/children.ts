import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { onCleanup } from "./cleanup.ts";
import { probe } from "./http-client.ts";

const OUTPUT_KEPT = 64 * 1024;

/** A child process the bench started and will stop. */
export interface Child {
  name: string;
  pid: number;
  process: ChildProcess;
  /** The last 64 kB of its stdout and stderr, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

function exited(proc: ChildProcess): boolean {
  return proc.exitCode !== null || proc.signalCode !== null;
}

/**
 * Spawns `command args` and keeps the tail of its output. The child is stopped (SIGTERM, then
 * SIGKILL after 5 s) at cleanup, so an error or Ctrl-C leaves nothing running.
 */
export function spawnChild(
  name: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Child {
  const proc = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (proc.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_KEPT);
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  const child: Child = {
    name,
    pid: proc.pid,
    process: proc,
    output: () => output,
    async stop() {
      if (exited(proc)) return;
      const done = once(proc, "exit");
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 5000);
      await done;
      clearTimeout(timer);
    },
  };
  onCleanup(() => child.stop());
  return child;
}

/** Waits until `url` answers 200, failing early (with the child's output) if the child exits. */
export async function waitUntilReady(child: Child, url: string, timeoutMs = 90_000): Promise<void> {
  const proc = child.process;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited(proc))
      throw new Error(`${child.name} exited (code ${proc.exitCode}) before it was ready:\n${child.output()}`);
    if ((await probe(url)) === 200) return;
    await sleep(100);
  }
  throw new Error(`${child.name} was not ready at ${url} after ${timeoutMs} ms:\n${child.output()}`);
}

/** Runs a command to completion, failing with its output when it exits non-zero. */
export async function runToCompletion(
  name: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<string> {
  const child = spawnChild(name, command, args, options);
  const proc = child.process;
  // "close" rather than "exit": it fires once stdout and stderr are drained, so no output is lost.
  const [code] = (await once(proc, "close")) as [number | null];
  if (code !== 0) throw new Error(`${name} failed (exit ${code}):\n${child.output()}`);
  return child.output();
}
