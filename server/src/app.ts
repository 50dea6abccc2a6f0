import type { FastifyInstance } from "fastify";
import { createOrm, type MikroORM } from "./composition/orm.js";
import type { Config } from "./config.js";
import type { DatabaseHandle } from "./db/database.js";
import { openDatabase } from "./db/database.js";
import { migrate } from "./db/migrate.js";
import { mayCreateInPublic, roleOf, tablesOwnedByCurrentRole } from "./db/roles.js";
import { createHttpServer } from "./http/server.js";
import type { Logger } from "./logger.js";
import type { ExportLimits } from "./modules/export/export-slots.js";
import { type JobRunner, startJobs } from "./modules/notify/jobs.js";
import { webhookPolicy } from "./modules/notify/notify.service.js";
import { notifySettingsOf } from "./modules/notify/settings.js";
import { oidcSettingsOf } from "./modules/oidc/oidc.settings.js";
import { seedDemoData } from "./seed/demo.js";
import { type DemoCredentials, ensureDemoAdmin } from "./seed/demo-admin.js";

/** A running Keyholder: its address, and how to stop it cleanly. */
export interface RunningKeyholder {
  url: string;
  app: FastifyInstance;
  orm: MikroORM;
  embedded: boolean;
  seeded: boolean;
  /** The embedded demo's admin sign-in; absent with DATABASE_URL. */
  demoAdmin?: DemoCredentials;
  stop(): Promise<void>;
}

/**
 * Boots Keyholder: opens the database (embedded when no DATABASE_URL), applies migrations,
 * seeds the demo organisation into an empty embedded database (or when KEYHOLDER_SEED_DEMO
 * asks), and serves HTTP. `stop` lets in-flight requests finish, then closes the pool and the
 * embedded PostgreSQL, in that order.
 */
export async function startKeyholder(config: Config, logger: Logger): Promise<RunningKeyholder> {
  const db = await openDatabase(config, logger);
  let orm: MikroORM | undefined;
  try {
    orm = await createOrm({
      url: db.url,
      poolMax: config.DB_POOL_MAX,
      connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      logger,
    });
    const applied = await migrateAsOwner(db, orm, logger);
    if (applied.length) logger.info({ migrations: applied }, "applied migrations");
    const owned = await tablesOwnedByCurrentRole(orm.em.fork());
    if (owned.length) {
      logger.warn(
        { tables: owned.length },
        "the server's database role owns the tables, so it could disable or drop the audit trail's protection: " +
          "set MIGRATION_DATABASE_URL to an owner role and DATABASE_URL to a role that owns nothing (see docs/configuration.md)",
      );
    } else if (await mayCreateInPublic(orm.em.fork())) {
      logger.warn(
        "the server's database role may create objects in the public schema (a database upgraded from " +
          "PostgreSQL 14 or older), where they could run as the owner: run `revoke create on schema public " +
          "from public` as the schema's owner (see docs/configuration.md)",
      );
    }
    const wantSeed = config.KEYHOLDER_SEED_DEMO ?? db.embedded;
    const seeded = wantSeed ? (await seedDemoData(orm.em.fork())).seeded : false;
    if (seeded) logger.info("seeded the demo organisation");
    const demoAdmin = db.embedded ? await ensureDemoAdmin(orm, config.KEYHOLDER_DATA_DIR, logger) : undefined;
    const oidc = oidcSettingsOf(config);
    const app = await createHttpServer({
      orm,
      logger,
      production: config.NODE_ENV === "production",
      trustProxy: config.TRUST_PROXY,
      databaseUrl: db.url,
      invalidation: {
        heartbeatMs: config.INVALIDATION_HEARTBEAT_MS,
        maxStaleMs: config.INVALIDATION_MAX_STALE_MS,
      },
      consoleDir: config.KEYHOLDER_CONSOLE_DIR,
      signInRateLimit: config.SIGN_IN_RATE_LIMIT,
      rateLimits: {
        api: { name: "api", limit: config.API_RATE_LIMIT, windowSeconds: config.API_RATE_LIMIT_WINDOW_SECONDS },
        verify: {
          name: "verify",
          limit: config.VERIFY_RATE_LIMIT,
          windowSeconds: config.VERIFY_RATE_LIMIT_WINDOW_SECONDS,
        },
      },
      exportLimits: exportLimitsOf(config),
      metricsToken: config.METRICS_TOKEN,
      scim: {
        token: config.SCIM_TOKEN,
        autoCompleteExact: config.SCIM_AUTO_COMPLETE_EXACT,
        publicUrl: config.KEYHOLDER_PUBLIC_URL,
      },
      authSettings: {
        sessionIdleMs: config.SESSION_IDLE_MINUTES * 60_000,
        sessionMaxMs: config.SESSION_MAX_HOURS * 3_600_000,
        passwordSignIn: config.PASSWORD_SIGN_IN,
        identityProvider: oidc && { name: oidc.providerName },
      },
      oidc,
    });
    await app.listen({ port: config.PORT, host: config.HOST });
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : config.PORT;
    const host = config.HOST === "0.0.0.0" || config.HOST === "127.0.0.1" ? "localhost" : config.HOST;
    const url = `http://${host}:${port}`;
    webhookPolicy.allowPrivate = config.WEBHOOK_ALLOW_PRIVATE;
    webhookPolicy.maxAttempts = config.WEBHOOK_MAX_ATTEMPTS;
    const jobs: JobRunner | undefined = config.JOBS_ENABLED
      ? await startJobs({ orm, connectionString: db.url, settings: notifySettingsOf(config, url), logger })
      : undefined;
    const ormRef = orm;
    let stopping: Promise<void> | undefined;
    return {
      url,
      app,
      orm,
      embedded: db.embedded,
      seeded,
      demoAdmin,
      stop() {
        stopping ??= (async () => {
          await app.close();
          await jobs?.stop();
          await ormRef.close(true);
          await db.stop();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await orm?.close(true).catch(() => {});
    await db.stop().catch(() => {});
    throw error;
  }
}

/** The CSV export's caps and timeouts from the configuration. */
export function exportLimitsOf(config: Config): ExportLimits {
  return {
    maxConcurrent: config.EXPORT_MAX_CONCURRENT ?? Math.max(1, Math.min(3, config.DB_POOL_MAX - 1)),
    maxPerCredential: config.EXPORT_MAX_PER_CREDENTIAL,
    idleTimeoutMs: config.EXPORT_IDLE_TIMEOUT_MS,
    maxDurationMs: config.EXPORT_MAX_DURATION_MS,
  };
}

/**
 * Applies the migrations as the owner (`migrationUrl`, on a connection of its own) and grants the
 * runtime role what it needs; with one URL for both, migrates on the server's own pool.
 */
export async function migrateAsOwner(db: DatabaseHandle, orm: MikroORM, logger: Logger): Promise<string[]> {
  if (db.migrationUrl === db.url) return migrate(orm);
  const owner = await createOrm({ url: db.migrationUrl, poolMax: 1, logger });
  try {
    return await migrate(owner, { runtimeRole: roleOf(db.url) });
  } finally {
    await owner.close(true);
  }
}
