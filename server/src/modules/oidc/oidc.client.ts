import * as oidc from "openid-client";
import type { OidcSettings } from "./oidc.settings.js";

/** What the browser carries between leaving for the provider and coming back (in an httpOnly cookie). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The console path to return to after signing in. */
  returnTo: string;
  /** When the sign-in started (ms since the epoch): the sealed cookie is refused once it is older than PENDING_SIGN_IN_MS. */
  issuedAt: number;
}

/** How long the provider is given to send the person back. */
export const PENDING_SIGN_IN_MS = 10 * 60_000;

/**
 * Keyholder as an OpenID Connect relying party: the authorization code flow with PKCE, state and
 * nonce (openid-client). The provider's metadata is discovered on first use and kept; a failed
 * discovery is tried again on the next sign-in, so a provider that is down at boot does not stop
 * Keyholder from starting.
 */
export class OidcClient {
  private configuration?: Promise<oidc.Configuration>;

  constructor(private readonly settings: OidcSettings) {}

  private discover(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(
        this.settings.issuer,
        this.settings.clientId,
        { redirect_uris: [this.settings.redirectUri], response_types: ["code"] },
        oidc.ClientSecretBasic(this.settings.clientSecret),
        { execute: this.settings.allowHttp ? [oidc.allowInsecureRequests] : [], timeout: 10 },
      )
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }

  /** The provider's authorization URL for a new sign-in, and what must be kept until it returns. */
  async start(returnTo: string): Promise<{ url: URL; pending: PendingSignIn }> {
    const configuration = await this.discover();
    const pending: PendingSignIn = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      returnTo,
      issuedAt: Date.now(),
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: "S256",
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, pending };
  }

  /**
   * Completes a sign-in from the URL the provider redirected to: checks state, exchanges the
   * code with the PKCE verifier, validates the ID token (signature, issuer, audience, nonce) and
   * merges the UserInfo claims (where providers put groups) for the same subject.
   */
  async finish(callbackUrl: URL, pending: PendingSignIn): Promise<Record<string, unknown>> {
    const configuration = await this.discover();
    const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error("the provider sent no ID token");
    const userinfo = configuration.serverMetadata().userinfo_endpoint
      ? await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub)
      : {};
    return { ...userinfo, ...claims };
  }
}
