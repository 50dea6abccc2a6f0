import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import react from "@vitejs/plugin-react";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";

/** Where `pnpm dev` sends API calls: the API started by the same command (or KEYHOLDER_API_URL). */
const api = process.env.KEYHOLDER_API_URL ?? "http://127.0.0.1:4000";

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/**
 * Writes `.br` and `.gz` beside every text asset once, at build time, so the API serves them
 * compressed (`preCompressed`) without spending CPU per request.
 */
function precompress(): Plugin {
  let outDir = "dist";
  return {
    name: "keyholder-precompress",
    apply: "build",
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      const files = (await readdir(outDir, { recursive: true })) as string[];
      await Promise.all(
        files
          .filter((f) => /\.(js|css|html|svg|json|ttf)$/.test(f))
          .map(async (f) => {
            const path = join(outDir, f);
            const data = await readFile(path);
            if (data.length < 1024) return;
            await writeFile(`${path}.br`, await brotli(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
            await writeFile(`${path}.gz`, await gz(data, { level: 9 }));
          }),
      );
    },
  };
}

export default defineConfig({
  plugins: [react(), precompress()],
  // GraphiQL's worker setup imports `?worker` modules, which Vite's dev pre-bundler cannot follow.
  optimizeDeps: { exclude: ["graphiql/setup-workers/vite", "@graphiql/react/setup-workers/vite"] },
  server: {
    port: Number(process.env.CONSOLE_PORT ?? 5173),
    strictPort: true,
    proxy: { "/graphql": api, "/v1": api, "/healthz": api, "/auth": api },
  },
  build: {
    outDir: "dist",
    sourcemap: true,
    // The explorer (GraphiQL + Monaco) is large by nature; it loads only on its own route.
    chunkSizeWarningLimit: 4000,
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.tsx", "src/**/*.test.ts"],
    setupFiles: ["src/test/setup.ts"],
    // One happy-dom window and one module cache per worker, not per file: importing React, Mantine
    // and urql again and building a new window for each of 40 files was some 40% of the suite's CPU.
    // Safe because every file leaves that shared state as it found it: src/test/setup.ts unmounts
    // what a test rendered and empties Mantine's notification store, the answers are per-render
    // fakes (no shared urql client), and a test that stubs a global or moves the URL puts it back.
    pool: "threads",
    isolate: false,
    // Room for the longer `findBy…` wait of src/test/setup.ts within one test.
    testTimeout: 30_000,
  },
});
