import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { useScratchTrees } from "./scratch-tree.js";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Tables and the one module whose code may write SQL on them (docs/architecture.md, ADR 0009):
 * every other module calls that module's service, repository or SQL fragments.
 */
const OWNERS: Record<string, string> = { api_key: "server/src/modules/api-key" };

/** What is not shipped code: tests, their support, migrations (they own every table by nature). */
const NOT_SHIPPED = /(\.test\.ts$|\/test-support\/|\/db\/migrations\/)/;

/** SQL that reads or writes `table` itself (not a table whose name merely starts with it). */
const sqlOn = (table: string) => new RegExp(`\\b(from|join|update|into|truncate)\\s+"?${table}"?(?![\\w])`, "i");

async function* sources(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

/** `file:line` of each statement on an owned table in shipped code outside its owner, under `root`. */
async function strayStatements(root: string): Promise<string[]> {
  const found: string[] = [];
  for await (const path of sources(join(root, "server/src"))) {
    const file = relative(root, path);
    if (NOT_SHIPPED.test(`/${file}`)) continue;
    const lines = (await readFile(path, "utf8")).split("\n");
    for (const [table, owner] of Object.entries(OWNERS)) {
      if (file.startsWith(`${owner}/`)) continue;
      lines.forEach((line, i) => {
        if (sqlOn(table).test(line)) found.push(`${file}:${i + 1} (${table})`);
      });
    }
  }
  return found;
}

const tree = useScratchTrees(repo, "keyholder-owners-");

describe("each table's SQL lives in its owning module", () => {
  it("holds for the repository as it is", async () => {
    expect(await strayStatements(repo)).toEqual([]);
  });

  it("catches a statement on an owned table in another module, and only there", async () => {
    const root = await tree({
      "server/src/modules/offboarding/plan.ts": "const q = `select count(*) from api_key where holder_id = $1`;\n",
      "server/src/modules/risk/risk.ts": "const q = `select n from api_key_count`;\n",
      "server/src/modules/api-key/api-key.queries.ts": "const q = `update api_key set name = $1`;\n",
      "server/src/modules/risk/risk.test.ts": "const q = `delete from api_key`;\n",
      "server/src/db/migrations/Migration1_x.ts": 'const q = `insert into "api_key" values (1)`;\n',
      "server/src/modules/export/csv.ts":
        'const q = `select 1 from holder h join "api_key" k on k.holder_id = h.id`;\n',
    });
    expect(await strayStatements(root)).toEqual([
      "server/src/modules/export/csv.ts:1 (api_key)",
      "server/src/modules/offboarding/plan.ts:1 (api_key)",
    ]);
  });
});
