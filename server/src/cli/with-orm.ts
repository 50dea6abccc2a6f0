import type { MikroORM } from "@mikro-orm/postgresql";
import type { Config } from "../config.js";
import { openDatabase } from "../db/database.js";
import { createOrm } from "../db/orm.js";
import type { Logger } from "../logger.js";

/** Opens the configured (or embedded) database for one CLI command, and closes it afterwards. */
export async function withOrm<T>(
  config: Config,
  logger: Logger,
  fn: (orm: MikroORM, embedded: boolean) => Promise<T>,
): Promise<T> {
  const db = await openDatabase(config, logger);
  try {
    const orm = await createOrm({ url: db.url, poolMax: 2, logger });
    try {
      return await fn(orm, db.embedded);
    } finally {
      await orm.close(true);
    }
  } finally {
    await db.stop();
  }
}
