/**
 * `pnpm bench [scenario] [options]`: builds the server, seeds a throwaway database, runs the real
 * server and a raw baseline as child processes, and compares them. Progress goes to stderr; the
 * result table and a one-line JSON summary go to stdout.
 */
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { cleanUpOnSignals, runCleanups } from "./cleanup.ts";
import { importScenario } from "./import.ts";
import { keysPage } from "./keys-page.ts";
import { notify } from "./notify.ts";
import { offboard } from "./offboard.ts";
import { artifactsDir } from "./paths.ts";
import { scale } from "./scale.ts";
import type { Scenario, ScenarioOptions } from "./scenario.ts";
import { verify } from "./verify.ts";

const scenarios: Scenario[] = [keysPage, verify, offboard, scale, importScenario, notify];

const DEFAULT_REQUESTS = 2000;
const DEFAULT_WARMUP = 300;

function usage(): string {
  return [
    "Usage: pnpm bench [scenario] [options]",
    "",
    "Scenarios:",
    ...scenarios.map((s, i) => `  ${s.name.padEnd(12)} ${s.summary}${i === 0 ? " (default)" : ""}`),
    "",
    "Options:",
    `  --requests <n>   measured requests per target (default ${DEFAULT_REQUESTS}${scenarioDefaults("requests")})`,
    `  --warmup <n>     warm-up requests per target (default ${DEFAULT_WARMUP}${scenarioDefaults("warmup")})`,
    "  --cpu-prof       write a V8 CPU profile of the Keyholder server to test/artifacts/",
    "  --sizes <list>   scale: key counts to seed and compare (default 10000,100000; full run 10000,100000,1000000)",
    "  --keep           scale: keep the seeded databases after the run and print their URLs",
    "  --check          exit 1 when the scenario's goal is not met",
    "",
    "KH_BENCH_ADMIN_URL picks the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);",
    "when it does not answer, an embedded PostgreSQL is started for the run.",
  ].join("\n");
}

/** The scenarios that pick another default, as `; verify: 5000`. */
function scenarioDefaults(option: "requests" | "warmup"): string {
  return scenarios
    .filter((s) => s.defaults?.[option] !== undefined)
    .map((s) => `; ${s.name}: ${s.defaults?.[option]}`)
    .join("");
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
}

function sizeList(value: string): number[] {
  const sizes = value.split(",").map(Number);
  if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || n < 100)) {
    throw new Error("--sizes takes key counts of at least 100, e.g. 10000,100000");
  }
  return [...sizes].sort((a, b) => a - b);
}

/** What the command line asks for: a run, or an exit code after printing usage. */
type Invocation = { scenario: Scenario; options: ScenarioOptions; check: boolean } | { exitCode: number };

function parseCommandLine(argv: string[]): Invocation {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        requests: { type: "string" },
        warmup: { type: "string" },
        "cpu-prof": { type: "boolean" },
        sizes: { type: "string" },
        check: { type: "boolean" },
        keep: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      console.log(usage());
      return { exitCode: 0 };
    }
    const name = positionals[0] ?? scenarios[0]!.name;
    const scenario = scenarios.find((s) => s.name === name);
    if (!scenario) throw new Error(`Unknown scenario "${name}".`);
    if (positionals.length > 1) throw new Error("Only one scenario per run.");
    const options: ScenarioOptions = {
      requests: positiveInt("requests", values.requests, scenario.defaults?.requests ?? DEFAULT_REQUESTS),
      warmup: positiveInt("warmup", values.warmup, scenario.defaults?.warmup ?? DEFAULT_WARMUP),
      cpuProfileDir: values["cpu-prof"] ? resolve(artifactsDir, "cpu-profiles") : null,
      sizes: values.sizes === undefined ? null : sizeList(values.sizes),
      keep: values.keep === true,
    };
    return { scenario, options, check: values.check === true };
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage()}`);
    return { exitCode: 2 };
  }
}

async function main(argv: string[]): Promise<number> {
  const invocation = parseCommandLine(argv);
  if ("exitCode" in invocation) return invocation.exitCode;
  const { scenario, options, check } = invocation;
  if (options.cpuProfileDir) await mkdir(options.cpuProfileDir, { recursive: true });

  cleanUpOnSignals();
  try {
    const met = await scenario.run(options);
    return check && !met ? 1 : 0;
  } finally {
    await runCleanups();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
