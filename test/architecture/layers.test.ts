import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const depcruise = join(repo, "node_modules/.bin/depcruise");
const config = join(repo, ".dependency-cruiser.cjs");

/** Runs the layer check as `pnpm lint` does, in `cwd`; resolves with its exit code and report. */
function check(cwd: string, paths: string[]): Promise<{ code: number; report: string }> {
  return new Promise((done) => {
    execFile(depcruise, [...paths, "--config", config, "--output-type", "err"], { cwd }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      done({ code, report: `${stdout}${stderr}` });
    });
  });
}

const scratch: string[] = [];
afterEach(async () => {
  await Promise.all(scratch.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A scratch tree laid out like the repository, holding `files` (path -> source). */
async function tree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "keyholder-layers-"));
  scratch.push(dir);
  await cp(join(repo, "tsconfig.base.json"), join(dir, "tsconfig.base.json"));
  for (const [path, source] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), source);
  }
  return dir;
}

describe("the layer rules in pnpm lint", () => {
  it("pass on the repository as it is", async () => {
    const { code, report } = await check(repo, ["server/src", "console/src"]);
    expect(report).toContain("no dependency violations found");
    expect(code).toBe(0);
  });

  it("fail when shared code imports a module", async () => {
    const dir = await tree({
      "server/src/shared/helper.ts":
        'import { record } from "../modules/audit/audit.service.js";\nexport const x = record;\n',
      "server/src/modules/audit/audit.service.ts": "export const record = 1;\n",
    });
    const { code, report } = await check(dir, ["server/src"]);
    expect(code).not.toBe(0);
    expect(report).toContain("server-layers: shared");
  });

  it("fail when a module imports one listed above it", async () => {
    const dir = await tree({
      "server/src/modules/audit/audit.service.ts":
        'import { User } from "../holder/user.entity.js";\nexport const x = User;\n',
      "server/src/modules/holder/user.entity.ts": "export const User = 1;\n",
    });
    const { code, report } = await check(dir, ["server/src"]);
    expect(code).not.toBe(0);
    expect(report).toContain("server-layers: modules/audit");
  });

  it("fail on a module that takes no place in the list", async () => {
    const dir = await tree({
      "server/src/modules/newcomer/newcomer.service.ts":
        'import { now } from "../../shared/clock.js";\nexport const x = now;\n',
      "server/src/shared/clock.ts": "export const now = 1;\n",
    });
    const { code, report } = await check(dir, ["server/src"]);
    expect(code).not.toBe(0);
    expect(report).toContain("server-unplaced");
  });

  it("fail on a folder of server/src that takes no place in the list", async () => {
    const dir = await tree({
      "server/src/jobs/nightly.ts": 'import { now } from "../shared/clock.js";\nexport const x = now;\n',
      "server/src/shared/clock.ts": "export const now = 1;\n",
    });
    const { code, report } = await check(dir, ["server/src"]);
    expect(code).not.toBe(0);
    expect(report).toContain("server-unplaced");
  });

  it("fail on an import cycle inside one folder", async () => {
    const dir = await tree({
      "server/src/shared/a.ts": 'import { b } from "./b.js";\nexport const a = () => b;\n',
      "server/src/shared/b.ts": 'import { a } from "./a.js";\nexport const b = () => a;\n',
    });
    const { code, report } = await check(dir, ["server/src"]);
    expect(code).not.toBe(0);
    expect(report).toContain("no-circular");
  });

  it("fail when code that ships imports test support", async () => {
    const dir = await tree({
      "server/src/shared/helper.ts":
        'import { makeUser } from "../test-support/factories.js";\nexport const x = makeUser;\n',
      "server/src/test-support/factories.ts": "export const makeUser = 1;\n",
    });
    const { code, report } = await check(dir, ["server/src"]);
    expect(code).not.toBe(0);
    expect(report).toContain("not-to-test-code");
  });

  it("fail when a console page imports a test renderer", async () => {
    const dir = await tree({
      "console/src/features/keys/KeysPage.tsx":
        'import { renderKeys } from "./render-keys.js";\nexport const P = renderKeys;\n',
      "console/src/features/keys/render-keys.tsx": "export const renderKeys = 1;\n",
    });
    const { code, report } = await check(dir, ["console/src"]);
    expect(code).not.toBe(0);
    expect(report).toContain("not-to-test-code");
  });

  it("fail when a console component imports a feature", async () => {
    const dir = await tree({
      "console/src/components/Badge.tsx":
        'import { useSession } from "../features/auth/session.js";\nexport const B = useSession;\n',
      "console/src/features/auth/session.ts": "export const useSession = 1;\n",
    });
    const { code, report } = await check(dir, ["console/src"]);
    expect(code).not.toBe(0);
    expect(report).toContain("console-layers: components");
  });
});
