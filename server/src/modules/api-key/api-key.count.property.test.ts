import { describe } from "vitest";
import { expectKeyCountsExact } from "../../test-support/key-count.js";
import { itStaysExactUnderRandomWrites } from "../../test-support/property/stays-exact.js";

/**
 * The kept key counts stay exact under random sequences of the API's writes (creates, rotations,
 * revocations, moves, offboardings, refused and rolled-back ones too), checked against a recount
 * after every step.
 */
describe("key counts under random writes", () => {
  itStaysExactUnderRandomWrites("equal a recount of the keys after every step", 20_261_205, expectKeyCountsExact);
});
