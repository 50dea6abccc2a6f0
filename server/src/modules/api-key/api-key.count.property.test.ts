import fc from "fast-check";
import { describe, it } from "vitest";
import type { TestDatabase } from "../../test-support/database.js";
import { type TestApi, useTestApi } from "../../test-support/graphql.js";
import { expectKeyCountsExact } from "../../test-support/key-count.js";
import { applyOperation, operationArb } from "../../test-support/property/operations.js";
import { buildWorld, worldArb } from "../../test-support/property/world.js";

/**
 * The kept key counts stay exact under random sequences of the API's writes (creates, rotations,
 * revocations, moves, offboardings, refused and rolled-back ones too), checked against a recount
 * after every step. Fixed seed; FC_SEED and FC_RUNS explore further.
 */
const seed = Number(process.env.FC_SEED ?? 20_261_205);
const numRuns = Number(process.env.FC_RUNS ?? 10);

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test), { reset: false });

describe("key counts under random writes", () => {
  it("equal a recount of the keys after every step", async () => {
    const operations = fc.array(operationArb, { minLength: 1, maxLength: 12, size: "max" });
    await fc.assert(
      fc.asyncProperty(worldArb, operations, async (world, ops) => {
        const state = await buildWorld(db, api, world);
        await expectKeyCountsExact(db);
        for (const op of ops) {
          await applyOperation(db, api, state, op);
          await expectKeyCountsExact(db);
        }
      }),
      { seed, numRuns },
    );
  });
});
