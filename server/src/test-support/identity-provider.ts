import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";

/**
 * A real OpenID Connect provider for tests (panva's `oidc-provider`, certified by the OpenID
 * Foundation) on 127.0.0.1 and a random port, with a login form of its own that checks a
 * password, and accounts the test can add, change and remove while it runs.
 * Self-contained (node and oidc-provider only), so the browser tests in `test/` use it too.
 */
export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The accounts by login (their email); change them to change what the next sign-in sees. */
  accounts: Map<string, IdpAccount>;
  close(): Promise<void>;
}

export interface IdpAccount {
  email: string;
  name: string;
  password: string;
  groups: string[];
  /** What the provider says of the email; true unless set. */
  emailVerified?: boolean;
  /** The provider's `sub` for the account; unless set, derived from its email. */
  subject?: string;
}

/**
 * The people the sign-in tests log in as at the provider: one in the admins' group, one in the
 * viewers' group (as `keyholder-admins=ADMIN,keyholder-viewers=VIEWER` maps them), one in neither.
 */
export const IDP_PEOPLE = {
  admin: {
    email: "ada@agency.gov.example",
    name: "Ada Lovelace",
    password: "analytical engine",
    groups: ["staff", "keyholder-admins"],
  },
  viewer: {
    email: "vic@agency.gov.example",
    name: "Vic Viewer",
    password: "read only please",
    groups: ["keyholder-viewers"],
  },
  outsider: {
    email: "olga@agency.gov.example",
    name: "Olga Outsider",
    password: "not in any group",
    groups: ["staff"],
  },
} satisfies Record<string, IdpAccount>;

const FORM_STYLE = "body{font-family:sans-serif;max-width:24rem;margin:3rem auto}label{display:block;margin:.5rem 0}";

/** Starts the provider with one confidential client whose only redirect URI is `redirectUri`. */
export async function startIdentityProvider(options: {
  redirectUri: string;
  accounts?: IdpAccount[];
}): Promise<TestIdentityProvider> {
  const accounts = new Map((options.accounts ?? []).map((a) => [a.email, a]));
  const clientId = "keyholder";
  const clientSecret = randomBytes(24).toString("base64url");
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const byId = (id: string) => [...accounts.values()].find((a) => subjectOf(a) === id);

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), kid: "test-signing", alg: "RS256", use: "sig" }] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: KoaContextWithOIDC, id: string) {
      const account = byId(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          email: account.email,
          email_verified: account.emailVerified ?? true,
          name: account.name,
          groups: account.groups,
        }),
      };
    },
    // Keyholder is a first-party client: what it asks for is granted without a consent screen.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { Grant } = ctx.oidc.provider;
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(clientId);
      if (grantId) return Grant.find(grantId);
      const grant = new Grant({ clientId, accountId: ctx.oidc.session?.accountId });
      grant.addOIDCScope("openid email profile groups");
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  handle = (req, res) => {
    const match = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec((req.url ?? "").split("?")[0] ?? "");
    if (!match) return void callback(req, res);
    interaction(req, res, match[2] ?? "").catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  };

  async function interaction(req: IncomingMessage, res: ServerResponse, step: string) {
    const details = await provider.interactionDetails(req, res);
    if (step === "/abort") {
      await provider.interactionFinished(
        req,
        res,
        { error: "access_denied", error_description: "The person cancelled." },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (step === "/login" && req.method === "POST") {
      const form = new URLSearchParams(await readBody(req));
      const account = accounts.get(form.get("login") ?? "");
      if (!account || account.password !== form.get("password")) {
        return page(res, details.uid, "Unknown account or wrong password.");
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: subjectOf(account) } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    page(res, details.uid);
  }

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The account's stable subject: derived from its email, so re-adding an account keeps it. */
function subjectOf(account: IdpAccount): string {
  if (account.subject) return account.subject;
  return `idp-${Buffer.from(account.email).toString("hex").slice(0, 40)}`;
}

function page(res: ServerResponse, uid: string, error?: string) {
  res.statusCode = error ? 401 : 200;
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.end(`<!doctype html><html lang="en"><head><title>Test identity provider</title><style>${FORM_STYLE}</style></head>
<body><main><h1>Test identity provider</h1>${error ? `<p role="alert">${error}</p>` : ""}
<form method="post" action="/interaction/${uid}/login">
<label>Username <input name="login" type="email" autocomplete="username" required></label>
<label>Secret <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Log in</button></form>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Cancel</button></form></main></body></html>`);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.on("data", (chunk) => {
      body += String(chunk);
    });
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}
