import "reflect-metadata";
import { randomBytes } from "node:crypto";
import type { EntityManager, MikroORM } from "@mikro-orm/postgresql";
import { afterAll, beforeAll, beforeEach, inject } from "vitest";
import { createOrm } from "../composition/orm.js";
import { adminQuery, databaseUrl } from "./postgres.js";

/** A database of its own for one test file, copied from the migrated template. */
export interface TestDatabase {
  url: string;
  name: string;
  orm: MikroORM;
  /** A fresh entity manager, as a request would have. */
  em(): EntityManager;
  /** Empties every table (the audit trail too), keeping the schema. */
  reset(): Promise<void>;
  /** Runs `hook` after every reset (e.g. to forget credentials whose rows are gone). */
  onReset(hook: () => void): void;
  drop(): Promise<void>;
}

const TABLES = [
  "leaver_case",
  "scim_client",
  "risk_key_count",
  "api_key_count",
  "risk_holder",
  "risk_group",
  "risk_group_count",
  "risk_holder_works",
  "risk_service",
  "oidc_identity",
  "audit_event",
  "session",
  "access_token",
  "api_key_creation",
  "api_key",
  "collaborator",
  "group_membership",
  "service",
  "holder",
];

/** Creates a database from the template for the calling test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject("pgAdminUrl");
  const name = `kh_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(adminUrl, `create database ${name} template ${inject("pgTemplate")}`);
  const url = databaseUrl(adminUrl, name);
  const orm = await createOrm({ url, poolMax: 4 });
  const hooks: (() => void)[] = [];
  return {
    url,
    name,
    orm,
    em: () => orm.em.fork(),
    async reset() {
      // The audit table refuses TRUNCATE through a trigger; replica mode skips triggers.
      await orm.em.fork().transactional(async (em) => {
        await em.execute("set local session_replication_role = replica");
        await em.execute(`truncate ${TABLES.join(", ")}`);
      });
      for (const hook of hooks) hook();
    },
    onReset(hook) {
      hooks.push(hook);
    },
    async drop() {
      await orm.close(true);
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/**
 * The usual life of a test file's database without the API: created before its tests and handed
 * to `created`, every table emptied before each test (unless `reset` is false), dropped after.
 */
export function useTestDatabase(created: (db: TestDatabase) => void, { reset = true }: { reset?: boolean } = {}): void {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    created(db);
  });
  afterAll(async () => {
    await db?.drop();
  });
  if (reset) beforeEach(() => db?.reset());
}
