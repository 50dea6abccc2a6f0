import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The repository root, so that `.data/` lands beside the README whatever the working directory. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  /** The role that owns the schema and runs migrations; unset: DATABASE_URL's role does both. */
  MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  KEYHOLDER_DATA_DIR: z.string().min(1).default(resolve(repoRoot, ".data")),
  KEYHOLDER_SEED_DEMO: booleanFlag.optional(),
  /** The built console served at `/`; `pnpm build` writes it. */
  KEYHOLDER_CONSOLE_DIR: z.string().min(1).default(resolve(repoRoot, "console/dist")),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10000),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  TRUST_PROXY: booleanFlag.default(false),
  /** Unset: 3, and never the whole pool (at most DB_POOL_MAX - 1, at least 1). */
  EXPORT_MAX_CONCURRENT: z.coerce.number().int().min(1).max(200).optional(),
  EXPORT_MAX_PER_CREDENTIAL: z.coerce.number().int().min(1).max(200).default(2),
  EXPORT_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  EXPORT_MAX_DURATION_MS: z.coerce.number().int().min(1000).default(600_000),
  /** How often the invalidation listener checks itself with a NOTIFY round trip. */
  INVALIDATION_HEARTBEAT_MS: z.coerce.number().int().min(50).max(60_000).default(5_000),
  /** How long cached verification answers are trusted after the listener's last round trip. */
  INVALIDATION_MAX_STALE_MS: z.coerce.number().int().min(100).max(3_600_000).default(20_000),
  /** Sign-in attempts allowed per client address per minute; 0 turns the limit off. */
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(0).max(100_000).default(10),
  /** GraphQL and export requests allowed per credential (token, session, else address) per window; 0: no limit. */
  API_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000_000).default(1200),
  API_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** `POST /v1/keys/verify` requests allowed per token per window; 0: no limit. */
  VERIFY_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000_000).default(60_000),
  VERIFY_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Bearer token for `GET /metrics`; unset, the server has no /metrics at all. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** `false` turns email-and-password sign-in off (the identity provider must be configured). */
  PASSWORD_SIGN_IN: booleanFlag.default(true),
  /** The address people reach Keyholder at; the identity provider redirects back to it. */
  KEYHOLDER_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
    .transform((u) => u.replace(/\/+$/, ""))
    .optional(),
  /** OpenID Connect sign-in (all of issuer, client id, secret, role map and public URL, or none). */
  OIDC_ISSUER: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  OIDC_PROVIDER_NAME: z.string().min(1).max(60).default("SSO"),
  OIDC_SCOPES: z
    .string()
    .regex(/^openid( [!#-[\]-~]+)*$/, "must be space-separated scopes starting with openid")
    .default("openid email profile groups"),
  OIDC_ROLE_CLAIM: z.string().min(1).max(100).default("groups"),
  /** `group=ROLE,group=ROLE`: which values of the role claim grant which console role (a value may hold `,` and `=`). */
  OIDC_ROLE_MAP: z
    .string()
    .regex(
      /^(?:.+?=(?:ADMIN|OPERATOR|VIEWER)(?:,|$))+$/,
      "must be value=ROLE pairs separated by commas, e.g. keyholder-admins=ADMIN,keyholder-viewers=VIEWER",
    )
    .optional(),
  /** A bearer token for `/scim/v2` besides those ADMINs issue; unset, only issued ones work. */
  SCIM_TOKEN: z
    .string()
    .min(32, "must be at least 32 characters")
    .regex(/^[!-~]+$/, "must be printable ASCII without spaces")
    .optional(),
  /** Complete a leaver case at once when every key has an exact-match successor. */
  SCIM_AUTO_COMPLETE_EXACT: booleanFlag.default(false),
  /** `smtp://` or `smtps://` server for notices; unset, notices are kept in the console's Outbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Keyholder <keyholder@localhost>"),
  /** `false`: this instance runs no background jobs (another one does). */
  JOBS_ENABLED: booleanFlag.default(true),
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
  /** A job locked this long by a worker of an instance that is gone (killed) runs again elsewhere. */
  JOBS_RECOVER_AFTER_MS: z.coerce.number().int().min(500).max(3_600_000).default(15_000),
  /** Days before expiry at which holders are reminded, comma-separated. */
  NOTIFY_REMINDER_DAYS: z
    .string()
    .regex(/^\d{1,3}(,\d{1,3})*$/, "must be days as numbers separated by commas, e.g. 30,7,1")
    .default("30,7,1")
    .transform((v) => [...new Set(v.split(",").map(Number))].sort((a, b) => b - a)),
  /** Attempts per webhook delivery before it fails and its endpoint is marked failing (13: about 24 h). */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(25).default(13),
  /** `true`: endpoints may be on loopback or private addresses (a receiver on the same network). */
  WEBHOOK_ALLOW_PRIVATE: booleanFlag.default(false),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
});

/** Keyholder's settings, parsed and validated once at boot. */
export type Config = z.infer<typeof schema>;

/** Thrown when the environment holds a setting Keyholder cannot use. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Reads and validates the configuration from an environment (by default `process.env`).
 * Empty strings count as unset, so `PORT= pnpm start` falls back to the default.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema
    .refine((c) => c.EXPORT_MAX_CONCURRENT === undefined || c.EXPORT_MAX_CONCURRENT < c.DB_POOL_MAX, {
      path: ["EXPORT_MAX_CONCURRENT"],
      message: "must be less than DB_POOL_MAX, so exports never hold every pooled connection",
    })
    .refine((c) => c.INVALIDATION_MAX_STALE_MS >= 2 * c.INVALIDATION_HEARTBEAT_MS, {
      message: "must be at least twice INVALIDATION_HEARTBEAT_MS, or cached answers are seldom trusted",
      path: ["INVALIDATION_MAX_STALE_MS"],
    })
    .superRefine((c, issues) => {
      const required = ["OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_ROLE_MAP", "KEYHOLDER_PUBLIC_URL"] as const;
      for (const name of c.OIDC_ISSUER ? required : []) {
        if (!c[name]) issues.addIssue({ code: "custom", path: [name], message: "is required with OIDC_ISSUER" });
      }
      if (c.OIDC_ISSUER && !isSecureOrLoopback(c.OIDC_ISSUER)) {
        issues.addIssue({
          code: "custom",
          path: ["OIDC_ISSUER"],
          message: "must be https:// (http:// only on loopback)",
        });
      }
      if (!c.PASSWORD_SIGN_IN && !c.OIDC_ISSUER) {
        issues.addIssue({
          code: "custom",
          path: ["PASSWORD_SIGN_IN"],
          message: "may be false only with OIDC_ISSUER set, or nobody could sign in",
        });
      }
    })
    .safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/** An identity provider is reached over HTTPS, except one on this machine (development, tests). */
function isSecureOrLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === "https:" || ["localhost", "127.0.0.1", "[::1]"].includes(hostname);
}
