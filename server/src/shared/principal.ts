import type { CredentialKindType } from "./credential-kind.type.js";
import type { Role } from "./role.js";

/** How a caller proved who they are. */
export type CredentialKind = CredentialKindType;

/** Who is acting in a request, and with which role. */
export interface Principal {
  userId: string | null;
  email: string;
  role: Role;
  credentialKind: CredentialKind;
  credentialId: string | null;
}
