import { registerEnumType } from "type-graphql";

/** What a risk item is about. */
export enum RiskSubjectType {
  API_KEY = "API_KEY",
  GROUP_EMAIL = "GROUP_EMAIL",
  SERVICE = "SERVICE",
}

registerEnumType(RiskSubjectType, {
  name: "RiskSubjectType",
  description: "What a risk item is about.",
  valuesConfig: {
    API_KEY: { description: "An API key (`subjectId` is an `ApiKey` id)." },
    GROUP_EMAIL: { description: "A group email (`subjectId` is a `GroupEmail` id)." },
    SERVICE: { description: "A service (`subjectId` is a `Service` id)." },
  },
});
