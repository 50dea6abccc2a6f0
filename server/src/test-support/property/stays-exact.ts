import fc from "fast-check";
import { it } from "vitest";
import type { TestDatabase } from "../database.js";
import { type TestApi, useTestApi } from "../graphql.js";
import { applyOperation, operationArb } from "./operations.js";
import { buildWorld, worldArb } from "./world.js";

/**
 * Declares a test that `expectExact` (a kept summary equals a recount) holds on a random world and
 * after every step of a random sequence of the API's writes (refused and rolled-back ones too).
 * Fixed seed, `defaultSeed`; FC_SEED and FC_RUNS explore further.
 */
export function itStaysExactUnderRandomWrites(
  name: string,
  defaultSeed: number,
  expectExact: (db: TestDatabase) => Promise<void>,
): void {
  const seed = Number(process.env.FC_SEED ?? defaultSeed);
  const numRuns = Number(process.env.FC_RUNS ?? 10);
  let db: TestDatabase;
  let api: TestApi;
  useTestApi((test) => ({ db, api } = test), { reset: false });
  it(name, async () => {
    const operations = fc.array(operationArb, { minLength: 1, maxLength: 12, size: "max" });
    await fc.assert(
      fc.asyncProperty(worldArb, operations, async (world, ops) => {
        const state = await buildWorld(db, api, world);
        await expectExact(db);
        for (const op of ops) {
          await applyOperation(db, api, state, op);
          await expectExact(db);
        }
      }),
      { seed, numRuns },
    );
  });
}
