import type { Config } from "../../config.js";
import type { Role } from "../../shared/role.js";

/** How Keyholder signs people in through the organisation's OpenID Connect provider. */
export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back: `<public URL>/auth/oidc/callback`. */
  redirectUri: string;
  /** Shown on the sign-in screen: "Sign in with <providerName>". */
  providerName: string;
  scopes: string;
  /** The claim whose values are mapped to roles, e.g. `groups`. */
  roleClaim: string;
  /** Claim value → console role; a person with several mapped values gets the highest role. */
  roleMap: ReadonlyMap<string, Role>;
  /** Whether the issuer may be reached over plain HTTP (only a loopback one, as config.ts allows). */
  allowHttp: boolean;
}

export const OIDC_LOGIN_PATH = "/auth/oidc/login";
export const OIDC_CALLBACK_PATH = "/auth/oidc/callback";

const PAIR = /(.+?)=(ADMIN|OPERATOR|VIEWER)(?:,|$)/y;

/**
 * Parses `value=ROLE,value=ROLE`. A value may itself hold `,` and `=` (an LDAP group's DN): each
 * pair ends at the first `=ROLE` followed by a comma or the end. A value named twice keeps its last role.
 */
export function parseRoleMap(text: string): Map<string, Role> {
  const map = new Map<string, Role>();
  PAIR.lastIndex = 0;
  while (PAIR.lastIndex < text.length) {
    const at = PAIR.lastIndex;
    const match = PAIR.exec(text);
    const value = match?.[1]?.trim();
    if (!match || !value) throw new Error(`OIDC_ROLE_MAP: expected value=ROLE at character ${at + 1}`);
    map.set(value, match[2] as Role);
  }
  return map;
}

/** The OIDC settings from the configuration; undefined when no issuer is configured. */
export function oidcSettingsOf(config: Config): OidcSettings | undefined {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_ROLE_MAP, KEYHOLDER_PUBLIC_URL } = config;
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET || !OIDC_ROLE_MAP || !KEYHOLDER_PUBLIC_URL)
    return undefined;
  const issuer = new URL(OIDC_ISSUER);
  return {
    issuer,
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    redirectUri: `${KEYHOLDER_PUBLIC_URL}${OIDC_CALLBACK_PATH}`,
    providerName: config.OIDC_PROVIDER_NAME,
    scopes: config.OIDC_SCOPES,
    roleClaim: config.OIDC_ROLE_CLAIM,
    roleMap: parseRoleMap(OIDC_ROLE_MAP),
    allowHttp: issuer.protocol === "http:",
  };
}
