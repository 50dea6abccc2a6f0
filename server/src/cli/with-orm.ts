import type { MikroORM } from "@mikro-orm/postgresql";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";

/**
 * Opens the configured (or embedded) database for one CLI command, and closes it afterwards:
 * as the server's runtime role, or with `asOwner` as the owner that migrates (and then grants
 * the runtime role its privileges).
 */
export async function withOrm<T>(
  config: Config,
  logger: Logger,
  fn: (orm: MikroORM, embedded: boolean, runtimeRole: string | null) => Promise<T>,
  { asOwner = false }: { asOwner?: boolean } = {},
): Promise<T> {
  const [{ openDatabase }, { createOrm }, { roleOf }] = await Promise.all([
    import("../db/database.js"),
    import("../composition/orm.js"),
    import("../db/roles.js"),
  ]);
  const db = await openDatabase(config, logger);
  try {
    const orm = await createOrm({ url: asOwner ? db.migrationUrl : db.url, poolMax: 2, logger });
    try {
      return await fn(orm, db.embedded, db.migrationUrl === db.url ? null : roleOf(db.url));
    } finally {
      await orm.close(true);
    }
  } finally {
    await db.stop();
  }
}
