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
    .safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
