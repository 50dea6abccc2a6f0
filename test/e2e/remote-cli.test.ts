import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { type SeededKeyholder, useRemoteCli } from "./remote-support.js";
import { graphql, node, repoRoot, runCli } from "./support.js";

let keyholder: SeededKeyholder;
let dir: string;
let remote: Record<string, string>;
useRemoteCli("keyholder-remote-cli-", (setup) => ({ keyholder, dir, remote } = setup));

async function user(email: string): Promise<{ status: string; keys: { totalCount: number } }> {
  const answer = await graphql(
    keyholder.url,
    "query($e: String!) { holderByEmail(email: $e) { ... on User { status } keys { totalCount } } }",
    { e: email },
    { authorization: `Bearer ${keyholder.token}` },
  );
  return answer.body.data.holderByEmail;
}

describe("the CLI's remote commands", () => {
  it("--help lists them; without KEYHOLDER_URL or KEYHOLDER_TOKEN they exit 2", async () => {
    const help = await runCli(["--help"], {});
    for (const command of ["keys:list", "offboard:csv", "export:keys", "--default-target", "KEYHOLDER_TOKEN"]) {
      expect(help.output).toContain(command);
    }
    const noUrl = await runCli(["keys:list", "--holder", "a@example.org"], { KEYHOLDER_URL: "", KEYHOLDER_TOKEN: "" });
    expect(noUrl.code).toBe(2);
    expect(noUrl.output).toContain("KEYHOLDER_URL is not set");
    const noHolder = await runCli(["keys:list"], remote);
    expect(noHolder.code).toBe(2);
  });

  it("keys:list shows a holder's keys with where they work; an unknown holder or a bad token exits 1", async () => {
    const listed = await runCli(["keys:list", "--holder", "Aisha.Rahman@transport.gov.example"], remote);
    expect(listed.code).toBe(0);
    expect(listed.output).toMatch(/aisha\.rahman@transport\.gov\.example \(User, ACTIVE\): \d+ key\(s\)/);
    expect(listed.output).toContain("parking-fines reconciliation job");
    const json = await runCli(["keys:list", "--holder", "aisha.rahman@transport.gov.example", "--json"], remote);
    const keys = json.output
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(keys.length).toBe((await user("aisha.rahman@transport.gov.example")).keys.totalCount);
    expect(keys.find((k) => k.name === "parking-fines reconciliation job")?.worksOn).toContain("parking-fines");

    const unknown = await runCli(["keys:list", "--holder", "nobody@example.org"], remote);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain("HOLDER_NOT_FOUND");
    const badToken = await runCli(["keys:list", "--holder", "nobody@example.org"], {
      ...remote,
      KEYHOLDER_TOKEN: "khp_x",
    });
    expect(badToken.code).toBe(1);
    expect(badToken.output).toContain("UNAUTHENTICATED");
  });

  it("offboard:csv dry-runs by default, reports each bad row without stopping, applies with --apply, and re-runs safely", async () => {
    const file = join(dir, "leavers.csv");
    await writeFile(
      file,
      [
        "email,default_target,reason",
        "farid.ismail@transport.gov.example,,left on 2026-11-30",
        "nobody@transport.gov.example,,",
        "not an email",
        '"unclosed@transport.gov.example,x',
        "finance-team@transport.gov.example",
        "daniel.ong@transport.gov.example,ghost@transport.gov.example,",
        "rahul.singh@health.gov.example,clinic-payments@health.gov.example,moved on",
      ].join("\n"),
    );
    const target = ["--default-target", "payments-ops@transport.gov.example", "--allow-wider-access"];
    const dryRun = await runCli(["offboard:csv", "--file", file, ...target], remote);
    expect(dryRun.code).toBe(1);
    const lines = dryRun.output.split("\n");
    expect(lines[0]).toContain("DRY RUN");
    expect(lines).toContainEqual(
      expect.stringMatching(/^line 2: ok .*farid\.ismail.* would move \d+ key\(s\) to payments-ops/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^line 3: failed .*USER_NOT_FOUND/));
    expect(lines).toContainEqual(expect.stringMatching(/^line 4: failed .*INVALID_EMAIL/));
    expect(lines).toContainEqual(expect.stringMatching(/^line 5: failed .*MALFORMED_ROW/));
    expect(lines).toContainEqual(expect.stringMatching(/^line 6: failed .*USER_NOT_FOUND: is a group email/));
    expect(lines).toContainEqual(expect.stringMatching(/^line 7: failed .*HOLDER_NOT_FOUND: default target ghost@/));
    expect(lines).toContainEqual(expect.stringMatching(/^line 8: ok .*rahul\.singh.* to clinic-payments@health/));
    expect(dryRun.output).toContain("7 row(s): 2 ok, 5 failed (dry run: nothing changed).");
    expect((await user("farid.ismail@transport.gov.example")).status).toBe("ACTIVE");

    const good = join(dir, "good.csv");
    await writeFile(
      good,
      `${(await readFile(file, "utf8"))
        .split("\n")
        .filter((_, i) => [0, 1, 7].includes(i))
        .join("\n")}\n`,
    );
    const applied = await runCli(["offboard:csv", "--file", good, ...target, "--apply"], remote);
    expect(applied.code, applied.output).toBe(0);
    expect(applied.output).toContain("2 row(s): 2 ok, 0 failed (applied).");
    for (const email of ["farid.ismail@transport.gov.example", "rahul.singh@health.gov.example"]) {
      expect(await user(email)).toEqual({ status: "DEPARTED", keys: { totalCount: 0 } });
    }

    const again = await runCli(["offboard:csv", "--file", good, ...target, "--apply", "--json"], remote);
    expect(again.code).toBe(0);
    const rows = again.output
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows.filter((r) => r.replayed === true).map((r) => r.line)).toEqual([2, 3]);
    expect(rows.at(-1)).toMatchObject({ summary: true, rows: 2, ok: 2, failed: 0 });

    // A run without wider access sends other parameters, so it derives other idempotency keys:
    // the leavers are gone already, which is not a failure (a reused key would be one).
    const narrower = await runCli(["offboard:csv", "--file", good, ...target.slice(0, 2), "--apply", "--json"], remote);
    expect(narrower.code, narrower.output).toBe(0);
    expect(narrower.output).not.toContain("IDEMPOTENCY_KEY_REUSED");
    const narrowerRows = narrower.output
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(narrowerRows.filter((r) => r.alreadyDeparted === true).map((r) => r.line)).toEqual([2, 3]);

    // A token whose role may not offboard: each row is refused on its own line, once, and the file goes on.
    const viewer = { ...remote, KEYHOLDER_TOKEN: await keyholder.issueToken("VIEWER") };
    const pair = join(dir, "pair.csv");
    await writeFile(pair, "email\naisha.rahman@transport.gov.example\ndaniel.ong@transport.gov.example\n");
    const forbidden = await runCli(["offboard:csv", "--file", pair, ...target, "--apply"], viewer);
    expect(forbidden.code, forbidden.output).toBe(1);
    const forbiddenLines = forbidden.output.split("\n");
    expect(forbiddenLines.filter((l) => /^line [23]: failed .*FORBIDDEN/.test(l))).toHaveLength(2);
    expect(forbidden.output.match(/FORBIDDEN/g)).toHaveLength(2);
    expect(forbidden.output).not.toContain("Stopped at line");
    expect(forbidden.output).toContain("2 row(s): 0 ok, 2 failed (applied).");

    const missing = await runCli(["offboard:csv", "--file", join(dir, "missing.csv")], remote);
    expect(missing.code).toBe(2);
    await writeFile(join(dir, "bad-header.csv"), "email,manager\na@example.org,b@example.org\n");
    const badHeader = await runCli(["offboard:csv", "--file", join(dir, "bad-header.csv")], remote);
    expect(badHeader.code).toBe(2);
    expect(badHeader.output).toContain('Unknown column "manager"');
  });

  it("export:keys streams the ownership CSV to a file", async () => {
    const out = join(dir, "keys.csv");
    const exported = await runCli(["export:keys", "--out", out], remote);
    expect(exported.code, exported.output).toBe(0);
    const csv = await readFile(out, "utf8");
    const rows = csv.trimEnd().split("\r\n");
    expect(rows[0]).toMatch(/^key_id,name,environment,status,prefix,holder,/);
    expect(exported.output).toContain(`Wrote ${rows.length - 1} keys to ${out}.`);
    const refused = await runCli(["export:keys", "--out", join(dir, "no.csv")], {
      ...remote,
      KEYHOLDER_TOKEN: "khp_x",
    });
    expect(refused.code).toBe(1);
    await expect(readFile(join(dir, "no.csv"))).rejects.toThrow();
  });

  it("`pnpm keyholder` resolves --out against the directory it was typed in, not the server's", async () => {
    // pnpm runs the root script from the repository root and names the caller's directory in INIT_CWD.
    const { stdout } = await promisify(execFile)(node, ["scripts/keyholder.mjs", "export:keys", "--out", "here.csv"], {
      cwd: repoRoot,
      env: { ...process.env, ...remote, INIT_CWD: dir },
    });
    expect(stdout).toContain("keys to here.csv.");
    expect((await readFile(join(dir, "here.csv"), "utf8")).split("\r\n")[0]).toMatch(/^key_id,name,/);
    await expect(readFile(join(repoRoot, "server/here.csv"))).rejects.toThrow();
    await expect(readFile(join(repoRoot, "here.csv"))).rejects.toThrow();
  });

  it("`pnpm keyholder` reads --file from the directory it was typed in", async () => {
    await writeFile(join(dir, "leavers-here.csv"), "email\nnobody-here@transport.gov.example\n");
    const ran = await promisify(execFile)(
      node,
      ["scripts/keyholder.mjs", "offboard:csv", "--file", "leavers-here.csv"],
      {
        cwd: repoRoot,
        env: { ...process.env, ...remote, INIT_CWD: dir },
      },
    ).catch((error: { code: number; stdout: string }) => error);
    // The file was read (its one row reported), not refused as missing (exit 2).
    expect(ran.stdout).toContain("line 2: failed nobody-here@transport.gov.example: USER_NOT_FOUND");
    expect("code" in ran ? ran.code : 0).toBe(1);
  });
});
