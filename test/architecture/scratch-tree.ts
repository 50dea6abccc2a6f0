import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach } from "vitest";

/**
 * Scratch trees laid out like the repository, each removed after its test: `tree(files, copied)`
 * writes `files` (path -> source) and copies the repository's `copied` files (paths from `repo`).
 */
export function useScratchTrees(repo: string, prefix: string) {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async (files: Record<string, string>, copied: string[] = []): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    made.push(dir);
    for (const path of copied) await cp(join(repo, path), join(dir, path));
    for (const [path, source] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), source);
    }
    return dir;
  };
}
