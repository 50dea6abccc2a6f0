import { execFile } from "node:child_process";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { node, repoRoot, tempDir } from "./support.js";

const run = promisify(execFile);
const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");

let project: string;
let packed: string;

/** Compiles `source` as the scratch project's only file; returns tsc's exit code and output. */
async function compile(source: string): Promise<{ code: number; output: string }> {
  await writeFile(join(project, "consumer.ts"), source);
  try {
    const { stdout } = await run(node, [tsc, "-p", "tsconfig.json"], { cwd: project });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

// An integrator's project outside the repository: the client comes from its packed tarball, its
// dependencies from the registry, as `npm install ./keyholder-client-x.y.z.tgz` gives them.
beforeAll(async () => {
  packed = await tempDir("keyholder-client-pack-");
  await run("pnpm", ["pack", "--pack-destination", packed], { cwd: join(repoRoot, "packages/client") });
  const [tarball] = (await readdir(packed)).filter((name) => name.endsWith(".tgz"));
  project = await tempDir("keyholder-client-consumer-");
  await writeFile(
    join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2),
  );
  await writeFile(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2023",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2023", "DOM"],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: [],
      },
      files: ["consumer.ts"],
    }),
  );
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", join(packed, tarball as string)], {
    cwd: project,
  });
}, 240_000);

afterAll(async () => {
  for (const dir of [project, packed]) if (dir) await rm(dir, { recursive: true, force: true });
});

describe("@keyholder/client from its packed tarball", () => {
  it("installs with pinned dependencies, no workspace or catalog references, an engines field and the schema", async () => {
    const installed = join(project, "node_modules/@keyholder/client");
    const manifest = JSON.parse(await readFile(join(installed, "package.json"), "utf8"));
    expect(manifest.engines?.node).toMatch(/^>=\d+/);
    for (const deps of [manifest.dependencies, manifest.peerDependencies ?? {}]) {
      for (const version of Object.values(deps as Record<string, string>)) {
        expect(version).toMatch(/^\d+\.\d+\.\d+/);
      }
    }
    expect(await readFile(join(installed, "schema.graphql"), "utf8")).toBe(
      await readFile(join(repoRoot, "server/schema.graphql"), "utf8"),
    );
    const { stdout } = await run(
      node,
      [
        "--input-type=module",
        "-e",
        "const m = await import('@keyholder/client'); console.log(typeof m.KeyholderClient, typeof m.graphql, import.meta.resolve('@keyholder/client/schema.graphql'))",
      ],
      { cwd: project },
    );
    // The schema is reachable by its export, for a consumer's gql.tada settings.
    expect(stdout.trim()).toBe(`function function ${new URL(`file://${join(installed, "schema.graphql")}`).href}`);
  });

  it("types a consumer's own document from the shipped schema, and refuses unknown fields and misspelt codes", async () => {
    const good = await compile(`
import { graphql, isKeyholderError, KeyholderClient, type KeyholderError, type ResultOf } from "@keyholder/client";

const HeldBy = graphql(\`
  query HeldBy($email: String!) {
    holderByEmail(email: $email) { email keys(first: 10) { nodes { name prefix worksOn { slug } } } }
  }
\`);
type Held = ResultOf<typeof HeldBy>;

export async function names(client: KeyholderClient, email: string): Promise<string[]> {
  try {
    const answer: Held = await client.request(HeldBy, { email });
    return answer.holderByEmail?.keys.nodes.map((k) => \`\${k.name} (\${k.prefix}) \${k.worksOn.length}\`) ?? [];
  } catch (error) {
    if (isKeyholderError(error, "VERSION_CONFLICT", "UNAUTHENTICATED")) return [];
    throw error;
  }
}

export async function productionHolders(client: KeyholderClient): Promise<string[]> {
  const emails: string[] = [];
  for await (const key of client.apiKeys({ filter: { environment: "PRODUCTION" }, orderBy: { field: "NAME", direction: "ASC" } }))
    emails.push(key.holder.email);
  for await (const user of client.paginate(HeldByUsers, {}, (data) => data.users)) emails.push(user.email);
  return emails;
}

const HeldByUsers = graphql(\`
  query HeldByUsers($first: Int, $after: String) {
    users(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { email } }
  }
\`);

export function isConflict(error: KeyholderError): boolean {
  // @ts-expect-error: the code type is closed, so a misspelt code compared with it does not compile
  if (error.code === "VERSION_CONFLCT") return true;
  return error.code === "VERSION_CONFLICT";
}
`);
    expect(good.output).toBe("");
    expect(good.code).toBe(0);

    const unknownField = await compile(`
import { graphql, type ResultOf } from "@keyholder/client";
const Doc = graphql(\`query { apiKeys(first: 1) { nodes { name secretPlaintext } } }\`);
export const leak = (answer: ResultOf<typeof Doc>): string | undefined => answer.apiKeys.nodes[0]?.secretPlaintext;
`);
    expect(unknownField.code).not.toBe(0);
    expect(unknownField.output).toContain("consumer.ts");

    const misspelt = await compile(`
import { isKeyholderError } from "@keyholder/client";
export const conflict = (error: unknown) => isKeyholderError(error, "VERSION_CONFLCT");
`);
    expect(misspelt.code).not.toBe(0);
    expect(misspelt.output).toContain("VERSION_CONFLCT");
  });
});
