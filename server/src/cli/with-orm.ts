import type { MikroORM } from "@mikro-orm/postgresql";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";

/** Opens the configured (or embedded) database for one CLI command, and closes it afterwards. */
export async function withOrm<T>(
  config: Config,
  logger: Logger,
  fn: (orm: MikroORM, embedded: boolean) => Promise<T>,
): Promise<T> {
  const [{ openDatabase }, { createOrm }] = await Promise.all([import("../db/database.js"), import("../db/orm.js")]);
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
