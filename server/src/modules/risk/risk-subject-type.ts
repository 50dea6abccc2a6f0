import { type EnumValue, graphqlEnum } from "../../shared/graphql-enum.js";

/** What a risk item is about. */
export const RiskSubjectType = graphqlEnum("RiskSubjectType", "What a risk item is about.", {
  API_KEY: "An API key (`subjectId` is an `ApiKey` id).",
  GROUP_EMAIL: "A group email (`subjectId` is a `GroupEmail` id).",
  SERVICE: "A service (`subjectId` is a `Service` id).",
});
export type RiskSubjectType = EnumValue<typeof RiskSubjectType>;
