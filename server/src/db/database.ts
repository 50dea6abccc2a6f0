import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { startEmbeddedPostgres } from "./embedded.js";

/** The database Keyholder talks to, whether configured or embedded. */
export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  /** True for an embedded cluster created by this start: the place to seed demo data. */
  fresh: boolean;
  stop(): Promise<void>;
}

/** Uses `DATABASE_URL` when set; otherwise starts the embedded PostgreSQL in the data directory. */
export async function openDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, embedded: false, fresh: false, stop: async () => {} };
  }
  const embedded = await startEmbeddedPostgres(config.KEYHOLDER_DATA_DIR, logger);
  return { url: embedded.url, embedded: true, fresh: embedded.created, stop: () => embedded.stop() };
}
