import { execFile } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { useScratchTrees } from "./scratch-tree.js";

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

const scratchTree = useScratchTrees(repo, "keyholder-layers-");
/** A scratch tree laid out like the repository, holding `files` (path -> source). */
const tree = (files: Record<string, string>) => scratchTree(files, ["tsconfig.base.json"]);

describe("the layer rules in pnpm lint", () => {
  it("pass on the repository as it is", async () => {
    const { code, report } = await check(repo, ["server/src", "console/src"]);
    expect(report).toContain("no dependency violations found");
    expect(code).toBe(0);
  });

  /** Each rule, with a scratch tree that breaks it: [what the tree does, its files, the folder checked, the rule named]. */
  const VIOLATIONS: [string, Record<string, string>, string, string][] = [
    [
      "shared code imports a module",
      {
        "server/src/shared/helper.ts":
          'import { record } from "../modules/audit/audit.service.js";\nexport const x = record;\n',
        "server/src/modules/audit/audit.service.ts": "export const record = 1;\n",
      },
      "server/src",
      "server-layers: shared",
    ],
    [
      "a module imports one listed above it",
      {
        "server/src/modules/audit/audit.service.ts":
          'import { User } from "../holder/user.entity.js";\nexport const x = User;\n',
        "server/src/modules/holder/user.entity.ts": "export const User = 1;\n",
      },
      "server/src",
      "server-layers: modules/audit",
    ],
    [
      "a module takes no place in the list",
      {
        "server/src/modules/newcomer/newcomer.service.ts":
          'import { now } from "../../shared/clock.js";\nexport const x = now;\n',
        "server/src/shared/clock.ts": "export const now = 1;\n",
      },
      "server/src",
      "server-unplaced",
    ],
    [
      "a folder of server/src takes no place in the list",
      {
        "server/src/jobs/nightly.ts": 'import { now } from "../shared/clock.js";\nexport const x = now;\n',
        "server/src/shared/clock.ts": "export const now = 1;\n",
      },
      "server/src",
      "server-unplaced",
    ],
    [
      "two files of one folder import each other",
      {
        "server/src/shared/a.ts": 'import { b } from "./b.js";\nexport const a = () => b;\n',
        "server/src/shared/b.ts": 'import { a } from "./a.js";\nexport const b = () => a;\n',
      },
      "server/src",
      "no-circular",
    ],
    [
      "code that ships imports test support",
      {
        "server/src/shared/helper.ts":
          'import { makeUser } from "../test-support/factories.js";\nexport const x = makeUser;\n',
        "server/src/test-support/factories.ts": "export const makeUser = 1;\n",
      },
      "server/src",
      "not-to-test-code",
    ],
    [
      "a console page imports a test renderer",
      {
        "console/src/features/keys/KeysPage.tsx":
          'import { renderKeys } from "./render-keys.js";\nexport const P = renderKeys;\n',
        "console/src/features/keys/render-keys.tsx": "export const renderKeys = 1;\n",
      },
      "console/src",
      "not-to-test-code",
    ],
    [
      "a console component imports a feature",
      {
        "console/src/components/Badge.tsx":
          'import { useSession } from "../features/auth/session.js";\nexport const B = useSession;\n',
        "console/src/features/auth/session.ts": "export const useSession = 1;\n",
      },
      "console/src",
      "console-layers: components",
    ],
  ];

  it.each(VIOLATIONS)("fail when %s", async (_, files, folder, rule) => {
    const { code, report } = await check(await tree(files), [folder]);
    expect(code).not.toBe(0);
    expect(report).toContain(rule);
  });
});
