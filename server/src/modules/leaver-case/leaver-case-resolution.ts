import { type EnumValue, graphqlEnum } from "../../shared/graphql-enum.js";

/** How a leaver case ended. */
export const LeaverCaseResolution = graphqlEnum("LeaverCaseResolution", "How a leaver case ended.", {
  OFFBOARDED: "The user was offboarded (by an operator, a script or the automatic completion).",
  REACTIVATED: "The identity provider made the user active again; nothing was offboarded.",
});
export type LeaverCaseResolution = EnumValue<typeof LeaverCaseResolution>;
