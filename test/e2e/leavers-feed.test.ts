import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type SeededKeyholder, startSeededKeyholder } from "./remote-support.js";
import { graphql, node, repoRoot } from "./support.js";

const example = join(repoRoot, "examples/leavers-feed");
const leavers = {
  "hari.kumar@transport.gov.example": "finance-team@transport.gov.example",
  "priya.nair@health.gov.example": "vaccination-ops@health.gov.example",
  // This row names no target: the script's --default-target takes its keys.
  "kenneth.ang@revenue.gov.example": "tax-collections@revenue.gov.example",
};

let keyholder: SeededKeyholder;

beforeAll(async () => {
  keyholder = await startSeededKeyholder(inject("pgAdminUrl"));
});
afterAll(async () => {
  await keyholder?.stop();
});

async function query(text: string, variables: Record<string, unknown>) {
  const answer = await graphql(keyholder.url, text, variables, { authorization: `Bearer ${keyholder.token}` });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data;
}

async function holder(email: string): Promise<{ status?: string; keys: { id: string; worksOn: string[] }[] }> {
  const data = await query(
    `query($e: String!) { holderByEmail(email: $e) { ... on User { status }
       keys(first: 500) { nodes { id worksOn { slug } } } } }`,
    { e: email },
  );
  const h = data.holderByEmail;
  return {
    status: h.status,
    keys: h.keys.nodes.map((k: { id: string; worksOn: { slug: string }[] }) => ({
      id: k.id,
      worksOn: k.worksOn.map((s) => s.slug),
    })),
  };
}

function runExample(): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    node,
    [
      "leavers-feed.ts",
      "leavers.csv",
      "--default-target",
      "tax-collections@revenue.gov.example",
      "--allow-wider-access",
    ],
    {
      cwd: example,
      env: { ...process.env, KEYHOLDER_URL: keyholder.url, KEYHOLDER_TOKEN: keyholder.token },
    },
  );
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr.on("data", (chunk) => {
    output += String(chunk);
  });
  return new Promise((done) => child.on("exit", (code) => done({ code, output })));
}

describe("examples/leavers-feed", () => {
  it("dry-runs then offboards every leaver in the sample file: DEPARTED, keys moved and still working", async () => {
    const before = new Map<string, Awaited<ReturnType<typeof holder>>>();
    for (const email of Object.keys(leavers)) {
      const h = await holder(email);
      expect(h.status).toBe("ACTIVE");
      expect(h.keys.length).toBeGreaterThan(0);
      before.set(email, h);
    }

    const run = await runExample();
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain("Dry run of 3 leaver(s):");
    expect(run.output).toContain("3 ok, 0 failed.");

    for (const [email, target] of Object.entries(leavers)) {
      const after = await holder(email);
      expect(after).toEqual({ status: "DEPARTED", keys: [] });
      const targetKeys = new Map((await holder(target)).keys.map((k) => [k.id, k.worksOn]));
      for (const key of before.get(email)?.keys ?? []) {
        // Moved to the target, and (keepAccess) still working everywhere it did.
        expect(targetKeys.get(key.id)).toEqual(expect.arrayContaining(key.worksOn));
      }
    }

    const again = await runExample();
    expect(again.code, again.output).toBe(0);
    expect(again.output.match(/replayed/g)).toHaveLength(3);
  });
});
