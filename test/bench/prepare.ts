import { type BenchDatabase, createBenchDatabase } from "./database.ts";
import { buildServer, migrateDatabase } from "./keyholder.ts";
import { progress, step } from "./log.ts";
import { type SeedSize, seed } from "./seed.ts";

/**
 * The first steps of a scenario against a seeded organisation: build the server, create the bench
 * database, migrate it, and seed `size` of background data.
 */
export async function seededBenchDatabase(size: SeedSize): Promise<BenchDatabase> {
  await step("building the server (pnpm --filter @keyholder/server build)", buildServer);
  const db = await step("creating the bench database", createBenchDatabase);
  progress(`  ${db.name}`);
  await step("applying migrations (server/dist/cli.js db:migrate)", () => migrateDatabase(db.url));
  await step(`seeding ${size.keys} keys, ${size.holders} holders, ${size.services} services`, () => seed(db.url, size));
  return db;
}
