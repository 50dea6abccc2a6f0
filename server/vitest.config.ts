import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships ESM (.mjs) and CJS builds; Node loads the CJS one for type-graphql and
    // Apollo, so the tests must load the same copy or graphql-js sees two "realms".
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    include: ["src/**/*.test.ts"],
    globalSetup: ["src/test-support/global-setup.ts"],
    setupFiles: ["reflect-metadata"],
    pool: "forks",
    // Each file has a database of its own and most of a test's time is PostgreSQL's: one fork per
    // CPU, not one fewer (vitest's default left a 2-CPU machine one fork: 537 s against 331 s).
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    restoreMocks: true,
  },
});
