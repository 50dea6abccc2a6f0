import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ReflectMetadataProvider } from "@mikro-orm/decorators/legacy";
import { Migrator } from "@mikro-orm/migrations";
import { defineConfig, MikroORM, type Options } from "@mikro-orm/postgresql";
import { migrationsList } from "../db/migrations/index.js";
import { KeyholderPgClient } from "../db/pg-client.js";
import { onQuery } from "../db/sql-counter.js";
import type { Logger } from "../logger.js";
import { entities } from "./entities.js";

/** Where `db:migration:create` writes new migrations: the TypeScript sources. */
export const migrationsSourceDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../src/db/migrations");

export interface OrmOptions {
  url: string;
  poolMax?: number;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  logger?: Logger;
}

/** The ORM configuration shared by the server, the CLI and the tests. */
export function ormConfig(options: OrmOptions): Options {
  return defineConfig({
    clientUrl: options.url,
    entities,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    migrations: {
      migrationsList,
      path: migrationsSourceDir,
      emit: "ts",
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      disableForeignKeys: false,
    },
    // The risk summaries' functions and triggers are SQL of their own (a migration writes them,
    // risk-summary.entity.ts says where); the schema diff leaves hand-written ones alone.
    // The job queue's schema belongs to graphile-worker, which migrates it (`migrate.ts`).
    schemaGenerator: { ignoreRoutines: true, ignoreTriggers: true, ignoreSchema: ["graphile_worker"] },
    pool: { min: 0, max: options.poolMax ?? 10, idleTimeoutMillis: 30_000 },
    driverOptions: {
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      statement_timeout: options.statementTimeoutMs ?? 30_000,
      application_name: "keyholder",
      // pg's Client with a callback under its promises: see pg-client.ts for what that saves.
      Client: KeyholderPgClient,
    },
    onQuery,
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: false,
    logger: (message) => options.logger?.debug({ orm: message }),
  });
}

/** Connects the ORM. Fails with the driver's error when the database cannot be reached. */
export async function createOrm(options: OrmOptions): Promise<MikroORM> {
  return MikroORM.init(ormConfig(options));
}

export type { MikroORM };
