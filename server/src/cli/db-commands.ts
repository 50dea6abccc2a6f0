import type { MikroORM } from "@mikro-orm/postgresql";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { Command } from "./command.js";
import { withOrm } from "./with-orm.js";

// The ORM, migrations and seeders load only when a command runs, so `--help` starts at once.
const migrations = () => import("../db/migrate.js");

/** Runs `work` as the database owner once every migration is applied. */
async function onMigrated(config: Config, logger: Logger, work: (orm: MikroORM) => Promise<number>): Promise<number> {
  const { migrate } = await migrations();
  return withOrm(
    config,
    logger,
    async (orm, _embedded, runtimeRole) => {
      await migrate(orm, { runtimeRole });
      return work(orm);
    },
    { asOwner: true },
  );
}

export const dbMigrate: Command = {
  name: "db:migrate",
  summary: "Apply pending migrations to the database.",
  options: {},
  async run({ config, logger, out }) {
    const { migrate } = await migrations();
    const applied = await withOrm(config, logger, (orm, _embedded, runtimeRole) => migrate(orm, { runtimeRole }), {
      asOwner: true,
    });
    out(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database is up to date.");
    return 0;
  },
};

export const dbSeed: Command = {
  name: "db:seed",
  summary: "Load the demo organisation into an empty database (migrating it first).",
  options: {
    force: { type: "boolean", description: "Seed even when the database already holds data." },
  },
  async run({ config, logger, out, options }) {
    const { seedDemoData } = await import("../seed/demo.js");
    return onMigrated(config, logger, async (orm) => {
      const result = await seedDemoData(orm.em.fork(), { force: options.force === true });
      if (!result.seeded) {
        out("The database already holds data; nothing seeded (use --force to add the demo data anyway).");
        return 1;
      }
      out(
        `Seeded ${result.users} users, ${result.groups} group emails, ${result.services} services, ${result.keys} keys.`,
      );
      return 0;
    });
  },
};

export const dbCheck: Command = {
  name: "db:check",
  summary: "Exit 1 when the entities and the migrations disagree (after applying the migrations).",
  options: {},
  async run({ config, logger, out }) {
    return onMigrated(config, logger, async (orm) => {
      const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false });
      if (diff.trim()) {
        out(`The entities differ from the migrated schema:\n${diff}`);
        return 1;
      }
      out("Entities and migrations agree.");
      return 0;
    });
  },
};

export const dbMigrationCreate: Command = {
  name: "db:migration:create",
  summary: "Write a new migration from the difference between the entities and the migrated schema.",
  options: {
    name: { type: "string", description: "A short name for the migration, e.g. add-service-owner." },
  },
  async run({ config, logger, out, options }) {
    const [{ migrationsSourceDir }, { writeMigrationIndex }] = await Promise.all([
      import("../composition/orm.js"),
      import("./migration-index.js"),
    ]);
    return onMigrated(config, logger, async (orm) => {
      const name = typeof options.name === "string" ? options.name : undefined;
      const result = await orm.migrator.create(migrationsSourceDir, false, false, name);
      if (!result.fileName) {
        out("No changes: the entities match the migrations.");
        return 0;
      }
      await writeMigrationIndex();
      out(`Wrote ${result.fileName} and listed it in src/db/migrations/index.ts.`);
      return 0;
    });
  },
};
