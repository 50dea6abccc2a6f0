#!/usr/bin/env node
// `pnpm keyholder …`: runs the operator CLI from the server's build, in the directory the command
// was typed in (pnpm runs root scripts from the repository root and says where it was called from
// in INIT_CWD), so `--file` and `--out` mean what they say. The build is refreshed only when a
// source file is newer than it, so a call costs a Node start, not a TypeScript compile.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(root, "server/dist/cli.js");
// Written by every `tsc -b` of the server that had something to do, even when cli.js itself is unchanged.
const buildInfo = join(root, "server/tsconfig.build.tsbuildinfo");
const sources = [join(root, "server/src"), join(root, "packages/client/src")];

/** The newest modification time of a TypeScript source file under `dir` (tests excluded). */
function newest(dir) {
  let latest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) latest = item.name === "test-support" ? latest : Math.max(latest, newest(path));
    else if (item.name.endsWith(".ts") && !item.name.endsWith(".test.ts"))
      latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

const stale =
  !existsSync(entry) ||
  !existsSync(buildInfo) ||
  sources.some((dir) => existsSync(dir) && newest(dir) > statSync(buildInfo).mtimeMs);
if (stale) {
  process.stderr.write("Building the server first (once after each change to its sources)…\n");
  const build = spawnSync("pnpm", ["--silent", "--filter", "@keyholder/server", "build"], {
    cwd: root,
    stdio: "inherit",
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const child = spawn(process.execPath, ["--enable-source-maps", entry, ...process.argv.slice(2)], {
  cwd: process.env.INIT_CWD || process.cwd(),
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
