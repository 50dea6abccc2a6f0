import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One real Keyholder (built from ../../server, on a scratch database) serves every test file.
    globalSetup: ["test/global-setup.ts"],
    // The files share that server's data (the export test counts every key): one file at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
