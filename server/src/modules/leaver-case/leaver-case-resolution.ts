import { registerEnumType } from "type-graphql";

/** How a leaver case ended. */
export enum LeaverCaseResolution {
  /** The user was offboarded (by an operator, a script or the automatic completion). */
  OFFBOARDED = "OFFBOARDED",
  /** The identity provider made the user active again. */
  REACTIVATED = "REACTIVATED",
}

registerEnumType(LeaverCaseResolution, { name: "LeaverCaseResolution" });
