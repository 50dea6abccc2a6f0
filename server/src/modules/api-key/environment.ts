import { registerEnumType } from "type-graphql";

/** The site a key is issued for; keys exist per environment. */
export enum Environment {
  STAGING = "STAGING",
  PRODUCTION = "PRODUCTION",
}

registerEnumType(Environment, { name: "Environment" });
