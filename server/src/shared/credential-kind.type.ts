import { type EnumValue, graphqlEnum } from "./graphql-enum.js";

/** How a caller proved who they are, as the schema names it (`CredentialKind` is its values). */
export const CredentialKindType = graphqlEnum("CredentialKind", "How the caller proved who they are.", {
  SESSION: "A console sign-in (session cookie).",
  TOKEN: "A personal access token.",
  CLI: "The operator CLI on the server host.",
  SYSTEM: "Keyholder itself (migrations, seeding, scheduled work).",
  SCIM: "The organisation's identity provider, provisioning over SCIM 2.0.",
});
export type CredentialKindType = EnumValue<typeof CredentialKindType>;
