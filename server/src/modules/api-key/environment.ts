import { registerEnumType } from "type-graphql";

/** The site a key is issued for; keys exist per environment. */
export enum Environment {
  STAGING = "STAGING",
  PRODUCTION = "PRODUCTION",
}

registerEnumType(Environment, {
  name: "Environment",
  description: "Which deployment a key is for; a key works only in its own.",
  valuesConfig: {
    PRODUCTION: { description: "Live systems; secrets start `kh_live_`." },
    STAGING: { description: "Test systems; secrets start `kh_test_`." },
  },
});
