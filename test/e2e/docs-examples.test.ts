import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type DocBlock,
  docBlocks,
  expectedAnswers,
  isShell,
  isTypeScript,
  jsonValues,
  linesNotPrinted,
  matchesShape,
  refusals,
} from "./doc-blocks.js";
import { freePort, node, repoRoot, runCli, type Started, scratchDatabase, startProcess, waitFor } from "./support.js";

// The examples of the docs, run as a reader runs them against a freshly seeded demo organisation:
// every ```sh block with bash (`set -euo pipefail`), each seeing the variables, functions and
// directory the blocks above it left (a reader's terminal), from a directory under the repository
// (so `pnpm keyholder …` is the root's script and its `--file`/`--out` are the reader's files);
// every ```ts block of a document together as one program in their order (a reader's file),
// compiled with `tsc --strict` and the DOM library and run with Node, with the environment the
// shell blocks exported. Answers are JSON the runner reads: a block fails when an answer holds an
// error it did not announce with `<!-- expect-error: CODE -->`, or does not have the shape of an
// answer the block shows as a `# {…}` comment. A schema change that breaks an example fails here,
// naming the document, the line and the output.

/** The demo's console account, as `pnpm start` creates it. */
const DEMO_ADMIN = "admin@demo.keyholder.example";
/** Where the docs tell the reader Keyholder runs; the runner puts the test server's URL in its place. */
const DOCS_URL = "http://localhost:4000";

interface Doc {
  path: string;
  /** The directory the reader types in: a scratch directory under the repository, or its root. */
  cwd?: "scratch" | "repo";
  /** The document assumes KEYHOLDER_URL and KEYHOLDER_TOKEN are set already (it says so). */
  readerEnv?: boolean;
}

// In this order: a later document may find the demo changed by an earlier one, as a reader would.
const docs: Doc[] = [
  { path: "docs/api-reference.md" },
  { path: "docs/api-guide.md" },
  { path: "docs/import.md", readerEnv: true },
  { path: "docs/notifications.md" },
  { path: "packages/client/README.md", readerEnv: true },
  { path: "examples/leavers-feed/README.md", cwd: "repo" },
];

let server: Started;
let url: string;
let dropDatabase: () => Promise<void>;
let hostEnv: Record<string, string>;
let operatorToken: string;
const scratchDirs: string[] = [];
/** How long each block took, printed at the end: the suite's time budget is watched. */
const timings: string[] = [];

beforeAll(async () => {
  const db = await scratchDatabase(inject("pgAdminUrl"));
  dropDatabase = db.drop;
  const must = async (args: string[], stdin?: string) => {
    const run = await runCli(args, { DATABASE_URL: db.url }, stdin);
    if (run.code !== 0) throw new Error(`keyholder ${args.join(" ")} exited ${run.code}:\n${run.output}`);
    return run.output.trim().split("\n").pop() as string;
  };
  await must(["db:seed"]);
  await must(["admin:create", "--email", DEMO_ADMIN, "--role", "ADMIN"], "the demo's long password\n");
  operatorToken = await must(["token:issue", "--email", DEMO_ADMIN, "--name", "reader", "--role", "OPERATOR"]);
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  server = startProcess("main.js", [], { DATABASE_URL: db.url, HOST: "127.0.0.1", PORT: String(port) });
  await waitFor(
    () => server.output().includes("Press Ctrl-C to stop."),
    90_000,
    () => `Keyholder did not start:\n${server.output()}`,
  );
  // A reader's terminal on the server host: the database the CLI opens, nothing of this test run.
  hostEnv = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name, value]) =>
        value !== undefined && !/^(npm_|INIT_CWD$|KEYHOLDER_|VITEST|NODE_ENV$|NODE_OPTIONS$|TEST$)/.test(name),
    ),
  ) as Record<string, string>;
  hostEnv.DATABASE_URL = db.url;
  hostEnv.NO_COLOR = "1";
});

afterAll(async () => {
  process.stdout.write(`${timings.join("\n")}\n`);
  if (server && server.child.exitCode === null) {
    server.child.kill("SIGTERM");
    await server.exited;
  }
  await dropDatabase?.();
  for (const dir of scratchDirs) await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk);
  });
  return new Promise((done) => child.on("close", (code) => done({ code, stdout, stderr })));
}

const failure = (doc: Doc, block: DocBlock, why: string, output: string) =>
  `${doc.path}:${block.line}: ${why}\n--- the block ---\n${block.code}\n--- its output ---\n${output.slice(-6000)}`;

/**
 * The shell a block runs in: what the blocks above it left (saved after each one as bash
 * declarations), then the block under `set -euo pipefail`, then what it leaves for the next.
 */
function shellScript(block: DocBlock, state: string): string {
  return `source ${JSON.stringify(state)}
cd "$__KH_PWD"
__kh_before=$(compgen -v | sort)
__kh_save() {
  local names name
  names=$( { printf '%s\\n' $__KH_SAVED; comm -13 <(printf '%s\\n' "$__kh_before") <(compgen -v | sort); } | sort -u )
  {
    for name in $names; do
      case "$name" in __kh_*|__KH_*|BASH*|_|FUNCNAME|PIPESTATUS|LINENO|RANDOM|SECONDS|COLUMNS|LINES|OPTIND|OPTARG) continue ;; esac
      declare -p "$name" 2>/dev/null || true
    done
    echo "__KH_SAVED='$(echo $names)'"
    echo "__KH_PWD=$(printf '%q' "$PWD")"
    declare -f | grep -v '^declare' || true
  } > ${JSON.stringify(`${state}.next`)}
}
set -euo pipefail
${block.code.replaceAll(DOCS_URL, url)}
set +euo pipefail
__kh_save
`;
}

async function runShellBlock(doc: Doc, block: DocBlock, dir: string, state: string) {
  const script = join(dir, `.block-${block.line}.sh`);
  await writeFile(script, shellScript(block, state));
  const started = Date.now();
  const result = await run("bash", [script], dir, hostEnv);
  timings.push(`${doc.path}:${block.line} ${Date.now() - started} ms`);
  await rm(script);
  const output = `${result.stdout}${result.stderr ? `\n[stderr]\n${result.stderr}` : ""}`;
  expect(result.code, failure(doc, block, `exited ${result.code}`, output)).toBe(0);
  await writeFile(state, await readFile(`${state}.next`, "utf8"));
  const answers = jsonValues(result.stdout);
  const refused = refusals(answers);
  if (block.expectError) {
    expect(
      refused.some((r) => r.code === block.expectError),
      failure(doc, block, `no answer refused with ${block.expectError}`, output),
    ).toBe(true);
  } else {
    expect(refused.map((r) => r.text).join("\n"), failure(doc, block, "an answer holds an error", output)).toBe("");
  }
  checkAnswers(doc, block, answers, output);
  return result.stdout;
}

function checkOutput(doc: Doc, block: DocBlock, printed: string) {
  expect(
    linesNotPrinted(block.code, printed),
    failure(doc, block, "the block above did not print these lines", printed),
  ).toEqual([]);
}

function checkAnswers(doc: Doc, block: DocBlock, answers: unknown[], output: string) {
  for (const pattern of expectedAnswers(block.code)) {
    expect(
      answers.some((answer) => matchesShape(pattern, answer)),
      failure(doc, block, `no answer has the shape shown: ${JSON.stringify(pattern)}`, output),
    ).toBe(true);
  }
}

/** The variables the shell blocks exported, as the environment of the TypeScript program. */
async function exportedBy(state: string): Promise<Record<string, string>> {
  const result = await run("bash", ["-c", `source ${JSON.stringify(state)}; env -0`], repoRoot, hostEnv);
  return Object.fromEntries(
    result.stdout
      .split("\0")
      .filter((entry) => entry.includes("="))
      .map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
  );
}

/**
 * One program of every TypeScript block in order, as a reader's file: their imports first (merged
 * per module), then each block after a marker line that names it; `lines` maps a program line to
 * its document line.
 */
function program(blocks: DocBlock[]): { text: string; lines: number[] } {
  const named = new Map<string, Set<string>>();
  const body: { text: string; line: number }[] = [];
  for (const block of blocks) {
    body.push({ text: `process.stderr.write("\\n@@doc-block ${block.line}\\n");`, line: block.line });
    for (const [i, text] of block.code.split("\n").entries()) {
      const from = /^import\s*\{([^}]*)\}\s*from\s*("[^"]+");\s*$/.exec(text);
      if (from) {
        const names = named.get(from[2] as string) ?? new Set<string>();
        for (const name of (from[1] as string).split(",")) if (name.trim()) names.add(name.trim());
        named.set(from[2] as string, names);
        continue;
      }
      body.push({ text, line: block.line + 1 + i });
    }
  }
  const imports = [...named].map(([module, names]) => `import { ${[...names].join(", ")} } from ${module};`);
  return {
    text: [...imports, ...body.map((b) => b.text)].join("\n"),
    lines: [...imports.map(() => blocks[0]?.line ?? 0), ...body.map((b) => b.line)],
  };
}

async function runTypeScript(doc: Doc, blocks: DocBlock[], cwd: string, env: Record<string, string>) {
  // Under test/, so `@keyholder/client` resolves to the workspace's package as it would from npm.
  const dir = await mkdtemp(join(repoRoot, "test/.docs-ts-"));
  scratchDirs.push(dir);
  const file = join(dir, "example.ts");
  const { text, lines } = program(blocks);
  await writeFile(file, text);
  const tsc = join(repoRoot, "test/node_modules/typescript/bin/tsc");
  const started = Date.now();
  const compiled = await run(
    node,
    [
      tsc,
      "--strict",
      "--noEmit",
      "--target",
      "ES2023",
      "--module",
      "NodeNext",
      "--moduleResolution",
      "NodeNext",
      "--lib",
      "ES2023,DOM,DOM.Iterable",
      "--types",
      "node",
      "--erasableSyntaxOnly",
      "--skipLibCheck",
      "--pretty",
      "false",
      file,
    ],
    dir,
    hostEnv,
  );
  const errors = `${compiled.stdout}${compiled.stderr}`.replace(
    /example\.ts\((\d+),(\d+)\)/g,
    (_, line: string, column: string) => `${doc.path}:${lines[Number(line) - 1] ?? "?"}:${column}`,
  );
  const firstLine = /:(\d+):\d+/.exec(errors)?.[1];
  const at = blocks.findLast((b) => firstLine !== undefined && b.line <= Number(firstLine)) ?? (blocks[0] as DocBlock);
  expect(compiled.code, failure(doc, at, "does not compile with tsc --strict", errors)).toBe(0);

  const compiledIn = Date.now();
  const ran = await run(node, [file], cwd, env);
  timings.push(`${doc.path} TypeScript: tsc ${compiledIn - started} ms, run ${Date.now() - compiledIn} ms`);
  const lastMarker = [...ran.stderr.matchAll(/@@doc-block (\d+)/g)].at(-1);
  const failed = blocks.find((b) => String(b.line) === lastMarker?.[1]) ?? (blocks[0] as DocBlock);
  expect(
    ran.code,
    failure(doc, failed, `the program failed here (exit ${ran.code})`, `${ran.stdout}\n${ran.stderr}`),
  ).toBe(0);
}

describe("the docs' examples run as written against a fresh demo", () => {
  for (const doc of docs) {
    it(doc.path, async () => {
      const blocks = docBlocks(await readFile(join(repoRoot, doc.path), "utf8"));
      const dir = await mkdtemp(join(repoRoot, ".docs-run-"));
      scratchDirs.push(dir);
      const cwd = doc.cwd === "repo" ? repoRoot : dir;
      const state = join(dir, ".state.sh");
      await writeFile(state, `__KH_PWD=${JSON.stringify(cwd)}\n`);
      if (doc.readerEnv)
        await writeFile(
          state,
          `export KEYHOLDER_URL=${url} KEYHOLDER_TOKEN=${operatorToken}\n__KH_SAVED='KEYHOLDER_URL KEYHOLDER_TOKEN'\n`,
          { flag: "a" },
        );
      let printed = "";
      for (const block of blocks) {
        if (block.notRun) continue;
        if (block.output) checkOutput(doc, block, printed);
        else if (block.saveAs) {
          await mkdir(dirname(join(dir, block.saveAs)), { recursive: true });
          await writeFile(join(dir, block.saveAs), `${block.code}\n`);
        } else if (isShell(block)) printed = await runShellBlock(doc, block, dir, state);
      }
      const typescript = blocks.filter((b) => isTypeScript(b) && !b.notRun);
      if (typescript.length > 0)
        await runTypeScript(doc, typescript, dir, { ...hostEnv, ...(await exportedBy(state)) });
      // The guide runs some 30 blocks, each a few processes (a `pnpm keyholder` call is a pnpm and
      // a Node start): a minute or two on a quiet machine, several on a shared, busy one.
    }, 600_000);
  }
});
