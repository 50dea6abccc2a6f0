import type { TestProject } from "vitest/node";
import { buildServer, startKeyholder } from "./keyholder-process.js";

declare module "vitest" {
  export interface ProvidedContext {
    keyholder: { url: string; adminToken: string; viewerToken: string; databaseEnv: Record<string, string> };
  }
}

/** Builds and starts one real Keyholder for every test file; stops it and drops its database after. */
export default async function setup(project: TestProject) {
  buildServer();
  const keyholder = await startKeyholder();
  project.provide("keyholder", {
    url: keyholder.url,
    adminToken: keyholder.adminToken,
    viewerToken: keyholder.viewerToken,
    databaseEnv: keyholder.databaseEnv,
  });
  return () => keyholder.stop();
}
