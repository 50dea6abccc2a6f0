import { resolve } from "node:path";

/** The monorepo root, whatever the working directory the bench was started from. */
export const repoRoot = resolve(import.meta.dirname, "../..");

/** The server package, whose build output (`dist/`) the bench runs as a real process. */
export const serverDir = resolve(repoRoot, "server");

/** Where optional artefacts such as CPU profiles go (ignored by git). */
export const artifactsDir = resolve(repoRoot, "test/artifacts");
