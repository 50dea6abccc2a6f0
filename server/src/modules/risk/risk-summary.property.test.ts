import { describe } from "vitest";
import { itStaysExactUnderRandomWrites } from "../../test-support/property/stays-exact.js";
import { expectRiskSummariesExact } from "../../test-support/risk-summary.js";

/**
 * The risk summaries stay exact under random sequences of the API's writes (creates, rotations,
 * revocations, moves, role changes, offboardings, refused and rolled-back ones too), checked
 * against a recount after every step.
 */
describe("risk summaries under random writes", () => {
  itStaysExactUnderRandomWrites(
    "equal a recount of keys, holders, collaborators and services after every step",
    20_261_204,
    expectRiskSummariesExact,
  );
});
