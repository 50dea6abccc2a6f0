import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import type { RequestContext } from "../../shared/request-context.js";
import type { AuthSettings } from "../auth/auth-settings.js";
import { SESSION_COOKIE } from "../auth/auth-settings.js";
import { identityOf } from "./oidc.claims.js";
import { OidcClient, PENDING_SIGN_IN_MS, type PendingSignIn } from "./oidc.client.js";
import { OIDC_CALLBACK_PATH, OIDC_LOGIN_PATH, type OidcSettings } from "./oidc.settings.js";
import { signInWithIdentity } from "./oidc-sign-in.service.js";
import { openPending, PENDING_COOKIE, safeReturnPath, sealPending } from "./pending-cookie.js";

/** What the sign-in routes need from the server they are part of. */
export interface OidcRouteOptions {
  settings: OidcSettings;
  authSettings: AuthSettings;
  /** A request context for the request (its own entity manager, request id, logger). */
  contextOf(request: FastifyRequest): RequestContext;
  /** Counts a sign-in attempt against the client's address: null to go ahead, else seconds to wait. */
  attempt(request: FastifyRequest): number | null;
}

/**
 * `GET /auth/oidc/login?returnTo=/path` sends the browser to the identity provider;
 * `GET /auth/oidc/callback` is where it comes back: on success it sets the session cookie and
 * returns to the console path, otherwise it returns to `/?sign_in_error=<CODE>`, which the
 * sign-in screen explains. Nothing secret is ever put in a URL or a log line.
 */
export function registerOidcRoutes(app: FastifyInstance, options: OidcRouteOptions): void {
  const { settings } = options;
  const client = new OidcClient(settings);

  app.get<{ Querystring: { returnTo?: string } }>(OIDC_LOGIN_PATH, async (request, reply) => {
    reply.header("cache-control", "no-store");
    const wait = options.attempt(request);
    if (wait) {
      reply.header("retry-after", String(wait));
      return failed(reply, ErrorCode.RATE_LIMITED);
    }
    let started: { url: URL; pending: PendingSignIn };
    try {
      started = await client.start(safeReturnPath(request.query.returnTo));
    } catch (error) {
      request.log.warn({ err: error }, "identity provider unavailable");
      return failed(reply, ErrorCode.IDENTITY_PROVIDER_ERROR);
    }
    reply.setCookie(PENDING_COOKIE, sealPending(started.pending, settings.clientSecret), {
      path: OIDC_CALLBACK_PATH,
      httpOnly: true,
      // Lax: the provider's redirect back is a cross-site top-level navigation, which Strict would strip it from.
      sameSite: "lax",
      secure: request.protocol === "https",
      maxAge: PENDING_SIGN_IN_MS / 1000,
    });
    return reply.redirect(started.url.href, 303);
  });

  app.get<{ Querystring: Record<string, string | undefined> }>(OIDC_CALLBACK_PATH, async (request, reply) => {
    reply.header("cache-control", "no-store");
    const secure = request.protocol === "https";
    const pending = openPending(request.cookies[PENDING_COOKIE], settings.clientSecret);
    reply.clearCookie(PENDING_COOKIE, { path: OIDC_CALLBACK_PATH, httpOnly: true, sameSite: "lax", secure });
    if (!pending) {
      request.log.info("identity provider callback without a pending sign-in");
      return failed(reply, ErrorCode.IDENTITY_PROVIDER_ERROR);
    }
    if (request.query.error) {
      // The provider's error code is a short registered word; its description is not logged.
      request.log.info(
        { providerError: String(request.query.error).slice(0, 64) },
        "identity provider refused sign-in",
      );
      return failed(reply, ErrorCode.IDENTITY_PROVIDER_ERROR);
    }
    const callbackUrl = new URL(settings.redirectUri);
    callbackUrl.search = new URL(request.url, "http://callback").search;
    let claims: Record<string, unknown>;
    try {
      claims = await client.finish(callbackUrl, pending);
    } catch (error) {
      request.log.warn({ err: errorSummary(error) }, "identity provider sign-in could not be completed");
      return failed(reply, ErrorCode.IDENTITY_PROVIDER_ERROR);
    }
    const ctx = options.contextOf(request);
    try {
      const session = await signInWithIdentity(
        ctx,
        identityOf(claims, settings.roleClaim),
        settings,
        options.authSettings,
      );
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: "/",
        httpOnly: true,
        sameSite: "strict",
        secure,
        expires: session.expiresAt,
      });
      return reply.redirect(pending.returnTo, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      request.log.info({ code: error.code }, "sign-in through the identity provider refused");
      return failed(reply, error.code);
    }
  });
}

/** Back to the console's sign-in screen, which explains the code. */
function failed(reply: FastifyReply, code: ErrorCode) {
  return reply.redirect(`/?sign_in_error=${code}`, 303);
}

/** An openid-client error's name, code and message, without the response body it may carry. */
function errorSummary(error: unknown) {
  if (!(error instanceof Error)) return { message: String(error) };
  return { name: error.name, code: (error as { code?: unknown }).code, message: error.message };
}
