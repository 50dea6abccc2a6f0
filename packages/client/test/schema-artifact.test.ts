import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

it("@keyholder/graphql's graphql-env.d.ts, which the client ships, is what gql-tada generates from server/schema.graphql (else run `pnpm --filter @keyholder/graphql schema:generate`)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "keyholder-client-schema-"));
  try {
    // The same schema settings as tsconfig.json, writing somewhere else.
    const fresh = join(dir, "graphql-env.d.ts");
    const schema = {
      name: "keyholder",
      schema: resolve(root, "../../server/schema.graphql"),
      tadaOutputLocation: fresh,
    };
    const tsconfig = join(dir, "tsconfig.json");
    await writeFile(
      tsconfig,
      JSON.stringify({ compilerOptions: { plugins: [{ name: "gql.tada/ts-plugin", schemas: [schema] }] } }),
    );
    execFileSync(resolve(root, "../graphql/node_modules/.bin/gql-tada"), ["generate-output", "--tsconfig", tsconfig], {
      cwd: dir,
      stdio: "pipe",
    });
    expect(await readFile(resolve(root, "../graphql/src/graphql-env.d.ts"), "utf8")).toBe(
      await readFile(fresh, "utf8"),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
