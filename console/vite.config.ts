import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

/** Where `pnpm dev` sends API calls: the API started by the same command (or KEYHOLDER_API_URL). */
const api = process.env.KEYHOLDER_API_URL ?? "http://127.0.0.1:4000";

export default defineConfig({
  plugins: [react()],
  server: {
    port: Number(process.env.CONSOLE_PORT ?? 5173),
    strictPort: true,
    proxy: { "/graphql": api, "/v1": api, "/healthz": api },
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
  },
});
