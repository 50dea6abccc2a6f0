import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type SeededKeyholder, useRemoteCli } from "./remote-support.js";
import { runCli } from "./support.js";

let keyholder: SeededKeyholder;
let dir: string;
let remote: Record<string, string>;
useRemoteCli("keyholder-import-cli-", (setup) => ({ keyholder, dir, remote } = setup));

const LEGACY = "sk_live_51HxImportedFromTheOldSystem";
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

async function verify(secret: string, service: string) {
  const response = await fetch(new URL("/v1/keys/verify", keyholder.url), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${keyholder.token}` },
    body: JSON.stringify({ secret, service }),
  });
  return (await response.json()) as { valid: boolean; reason: string };
}

describe("pnpm keyholder import", () => {
  it("dry-runs a JSON bundle, applies it with --apply, then re-running changes nothing; the imported key verifies", async () => {
    const file = join(dir, "inventory.json");
    await writeFile(
      file,
      JSON.stringify({
        users: [{ email: "imported.person@agency.gov.example", name: "Imported Person", status: "ACTIVE" }],
        groupEmails: [
          {
            email: "imported-team@agency.gov.example",
            name: "Imported team",
            members: ["imported.person@agency.gov.example"],
          },
        ],
        services: [{ slug: "imported-service", name: "Imported service" }],
        collaborators: [{ service: "imported-service", holder: "imported-team@agency.gov.example", role: "BILLING" }],
        keys: [
          {
            name: "Old system key",
            environment: "PRODUCTION",
            holder: "imported-team@agency.gov.example",
            secretSha256: sha(LEGACY),
            prefix: "sk_live_51Hx",
          },
        ],
      }),
    );
    const dry = await runCli(["import", "--file", file], remote);
    expect(dry.code).toBe(0);
    expect(dry.output).toContain("KEY row 1: created   Old system key");
    expect(dry.output).toContain("dry run: nothing changed");
    expect(await verify(LEGACY, "imported-service")).toMatchObject({ valid: false });

    const applied = await runCli(["import", "--file", file, "--apply"], remote);
    expect(applied.code).toBe(0);
    expect(applied.output).toContain("5 row(s), 0 refused (applied)");
    expect(await verify(LEGACY, "imported-service")).toEqual(expect.objectContaining({ valid: true, reason: "VALID" }));

    const again = await runCli(["import", "--file", file, "--apply", "--json"], remote);
    expect(again.code).toBe(0);
    const lines = again.output
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.outcome).every((l) => l.outcome === "UNCHANGED")).toBe(true);
    expect(lines.at(-1)).toMatchObject({ summary: true, applied: true, refused: 0 });
  });

  it("reads a folder of CSV files named by kind; a refused row exits 1 and writes nothing", async () => {
    const folder = join(dir, "csv");
    await mkdir(folder);
    await writeFile(
      join(folder, "users.csv"),
      "email,name,status,departedAt\ncsv.person@agency.gov.example,CSV Person,ACTIVE,\n",
    );
    await writeFile(
      join(folder, "keys.csv"),
      "name,environment,holder\nfine,STAGING,csv.person@agency.gov.example\nbroken,STAGING,nobody@agency.gov.example\n",
    );
    const run = await runCli(["import", "--file", folder, "--apply", "--quiet"], remote);
    expect(run.code).toBe(1);
    expect(run.output).toContain("KEY row 3: refused   broken: HOLDER_NOT_FOUND (holder)");
    expect(run.output).toContain("NOT applied");
    expect(run.output).not.toContain("USER row 2");
    const named = await runCli(["import", "--file", join(folder, "users.csv").replace("users", "people")], remote);
    expect(named.code).toBe(2);
  });
});
