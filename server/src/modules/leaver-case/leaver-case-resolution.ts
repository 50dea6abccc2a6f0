import { registerEnumType } from "type-graphql";

/** How a leaver case ended. */
export enum LeaverCaseResolution {
  /** The user was offboarded (by an operator, a script or the automatic completion). */
  OFFBOARDED = "OFFBOARDED",
  /** The identity provider made the user active again. */
  REACTIVATED = "REACTIVATED",
}

registerEnumType(LeaverCaseResolution, {
  name: "LeaverCaseResolution",
  description: "How a leaver case ended.",
  valuesConfig: {
    OFFBOARDED: { description: "The user was offboarded (by an operator, a script or the automatic completion)." },
    REACTIVATED: { description: "The identity provider made the user active again; nothing was offboarded." },
  },
});
