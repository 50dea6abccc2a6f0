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
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
