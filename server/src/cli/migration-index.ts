import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { migrationsSourceDir } from "../composition/orm.js";

/**
 * Rewrites `src/db/migrations/index.ts` to import every migration file, oldest first, so the
 * server loads migrations by import (no folder scanning at run time).
 */
export async function writeMigrationIndex(): Promise<void> {
  const names = (await readdir(migrationsSourceDir))
    .filter((f) => /^Migration\d+.*\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ""))
    .sort();
  const lines = [
    'import type { MigrationObject } from "@mikro-orm/core";',
    ...names.map((n) => `import { ${n} } from "./${n}.js";`),
    "",
    "/** Every migration, oldest first; `pnpm keyholder db:migration:create` rewrites this list. */",
    "export const migrationsList: MigrationObject[] = [",
    ...names.map((n) => `  { name: "${n}", class: ${n} },`),
    "];",
    "",
  ];
  await writeFile(join(migrationsSourceDir, "index.ts"), lines.join("\n"));
}
