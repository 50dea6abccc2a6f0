import type { MikroORM } from "@mikro-orm/postgresql";
import { Logger, runMigrations } from "graphile-worker";
import { grantRuntimeRole } from "./roles.js";

/**
 * Applies every pending migration in one transaction, then installs or upgrades the job queue's
 * schema (`graphile_worker`, graphile-worker's own migrations); returns the names applied. With
 * a `runtimeRole` other than the migrating one, then grants that role what the server needs
 * (`grantRuntimeRole`).
 */
export async function migrate(orm: MikroORM, options: { runtimeRole?: string | null } = {}): Promise<string[]> {
  const applied = await orm.migrator.up();
  await runMigrations({ connectionString: orm.config.get("clientUrl"), logger: silentQueueLogger });
  const em = orm.em.fork();
  if (options.runtimeRole) {
    const [row] = await em.execute<{ current: string }[]>("select current_user as current");
    if (options.runtimeRole !== row?.current) await grantRuntimeRole(em, options.runtimeRole);
  }
  return applied.map((m) => m.name);
}

/** The queue's installer reports through errors, which `migrate` rethrows; its chatter is dropped. */
const silentQueueLogger = new Logger(() => () => {});
