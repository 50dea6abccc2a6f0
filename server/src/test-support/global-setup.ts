import "reflect-metadata";
import type { TestProject } from "vitest/node";
import { createOrm } from "../composition/orm.js";
import { migrate } from "../db/migrate.js";
import { acquireTestPostgres, adminQuery, databaseUrl } from "./postgres.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

/**
 * Once per run: find a PostgreSQL, and build a template database with every migration applied.
 * Each test file then gets its own copy of the template (CREATE DATABASE ... TEMPLATE), so
 * files run in parallel without seeing each other's rows.
 */
export default async function setup(project: TestProject) {
  const server = await acquireTestPostgres();
  const template = `kh_template_${process.pid}`;
  await adminQuery(server.adminUrl, `drop database if exists ${template}`);
  await adminQuery(server.adminUrl, `create database ${template}`);
  const orm = await createOrm({ url: databaseUrl(server.adminUrl, template), poolMax: 1 });
  try {
    await migrate(orm);
  } finally {
    await orm.close(true);
  }
  project.provide("pgAdminUrl", server.adminUrl);
  project.provide("pgTemplate", template);
  return async () => {
    await adminQuery(server.adminUrl, `drop database if exists ${template} with (force)`);
    await server.stop();
  };
}
