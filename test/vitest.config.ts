import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["architecture/**/*.test.ts", "e2e/**/*.test.ts", "browser/**/*.test.ts", "soak/**/*.test.ts"],
    globalSetup: ["e2e/global-setup.ts"],
    pool: "forks",
    // Each test starts real processes (and an embedded PostgreSQL); give them room, one file at a time.
    fileParallelism: false,
    testTimeout: 120_000,
    // Polls wait on real processes and a real browser on a shared machine.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 180_000,
  },
});
