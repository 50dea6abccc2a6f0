import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { startEmbeddedPostgres } from "./embedded.js";

/** The database Keyholder talks to, whether configured or embedded. */
export interface DatabaseHandle {
  /** The server's runtime role: reads and writes, owns nothing. */
  url: string;
  /** The owner that applies migrations (and then grants the runtime role what it needs). */
  migrationUrl: string;
  embedded: boolean;
  /** True for an embedded cluster created by this start: the place to seed demo data. */
  fresh: boolean;
  stop(): Promise<void>;
}

/**
 * Uses `DATABASE_URL` (and `MIGRATION_DATABASE_URL`, defaulting to it) when set; otherwise
 * starts the embedded PostgreSQL in the data directory, which has both roles of its own.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) {
    return {
      url: config.DATABASE_URL,
      migrationUrl: config.MIGRATION_DATABASE_URL ?? config.DATABASE_URL,
      embedded: false,
      fresh: false,
      stop: async () => {},
    };
  }
  const embedded = await startEmbeddedPostgres(config.KEYHOLDER_DATA_DIR, logger);
  return {
    url: embedded.appUrl,
    migrationUrl: embedded.ownerUrl,
    embedded: true,
    fresh: embedded.created,
    stop: () => embedded.stop(),
  };
}
