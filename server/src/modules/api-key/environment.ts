import { type EnumValue, graphqlEnum } from "../../shared/graphql-enum.js";

/** The site a key is issued for; keys exist per environment. */
export const Environment = graphqlEnum("Environment", "Which deployment a key is for; a key works only in its own.", {
  STAGING: "Test systems; secrets start `kh_test_`.",
  PRODUCTION: "Live systems; secrets start `kh_live_`.",
});
export type Environment = EnumValue<typeof Environment>;
