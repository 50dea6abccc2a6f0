import { type Role, roleAtLeast } from "../../shared/role.js";
import { email as emailAddress, text } from "../../shared/validation.js";

/** Who the identity provider says signed in, as Keyholder uses it. */
export interface Identity {
  /** The provider's stable id for the person (`sub`). */
  subject: string;
  /** Normalised; null when the provider sent none, or said it is not verified. */
  email: string | null;
  name: string | null;
  /** The role claim's values (e.g. the person's groups), as sent. */
  groups: string[];
  /**
   * Whether the role claim was sent at all. A provider that leaves it out (a misconfigured claim,
   * or Microsoft Entra's "group overage" for people in too many groups) says nothing about the
   * person's groups, unlike one that sends a list without a mapped value.
   */
  roleClaimSent?: boolean;
}

/** Reads the identity from the ID token's claims merged with the UserInfo response. */
export function identityOf(claims: Record<string, unknown>, roleClaim: string): Identity {
  const parsed = emailAddress.safeParse(claims.email);
  // A provider that does not say (Microsoft Entra sends no email_verified) is trusted; one that
  // says anything but true is not: anyone could have typed the address. Some providers (Amazon
  // Cognito among them) send the flag as the string "true"/"false", and "false" is truthy.
  const verified = claims.email_verified;
  const trusted = verified === undefined || verified === true || verified === "true";
  const email = parsed.success && trusted ? parsed.data : null;
  const named = text(200).safeParse(typeof claims.name === "string" ? claims.name.slice(0, 400) : null);
  const name = named.success ? named.data : null;
  const values = claims[roleClaim];
  const groups = (Array.isArray(values) ? values : [values]).filter((v): v is string => typeof v === "string");
  return {
    subject: String(claims.sub ?? ""),
    email,
    name,
    groups,
    roleClaimSent: values !== undefined && values !== null,
  };
}

/** The highest role any of the identity's groups maps to; null when none is mapped. */
export function roleOf(groups: readonly string[], roleMap: ReadonlyMap<string, Role>): Role | null {
  let best: Role | null = null;
  for (const group of groups) {
    const role = roleMap.get(group);
    if (role && (!best || roleAtLeast(role, best))) best = role;
  }
  return best;
}
