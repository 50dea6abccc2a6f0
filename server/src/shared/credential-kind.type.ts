import { registerEnumType } from "type-graphql";
import type { CredentialKind } from "./principal.js";

/** How a caller proved who they are, as the schema names it (the values of `CredentialKind`). */
export enum CredentialKindType {
  SESSION = "SESSION",
  TOKEN = "TOKEN",
  CLI = "CLI",
  SYSTEM = "SYSTEM",
  SCIM = "SCIM",
}

registerEnumType(CredentialKindType, {
  name: "CredentialKind",
  description: "How the caller proved who they are.",
  valuesConfig: {
    SESSION: { description: "A console sign-in (session cookie)." },
    TOKEN: { description: "A personal access token." },
    CLI: { description: "The operator CLI on the server host." },
    SYSTEM: { description: "Keyholder itself (migrations, seeding, scheduled work)." },
    SCIM: { description: "The organisation's identity provider, provisioning over SCIM 2.0." },
  },
});

// The schema's values and the principal's must stay the same set: a kind added to one only fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameKinds: Same<CredentialKind, `${CredentialKindType}`> = true;
void sameKinds;
