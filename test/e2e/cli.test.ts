import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort, graphql, runCli, scratchDatabase, startProcess, waitFor } from "./support.js";

let db: { url: string; drop: () => Promise<void> };

beforeAll(async () => {
  db = await scratchDatabase(inject("pgAdminUrl"));
});
afterAll(async () => {
  await db.drop();
});

describe("pnpm keyholder", () => {
  it("--help lists every command with its options; an unknown command exits 2", async () => {
    const help = await runCli(["--help"], {});
    expect(help.code).toBe(0);
    for (const command of ["db:migrate", "db:seed", "db:check", "db:migration:create", "admin:create", "token:issue"]) {
      expect(help.output).toContain(command);
    }
    expect(help.output).toContain("--expires-in");
    const unknown = await runCli(["db:explode"], {});
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain('Unknown command "db:explode"');
    const badOption = await runCli(["db:migrate", "--force-everything"], {});
    expect(badOption.code).toBe(2);
    expect(badOption.output.match(/Unknown option '--force-everything'/g)).toHaveLength(1);
    expect(badOption.output).not.toMatch(/^\s+at /m);
  });

  it("reports a failure once, without a stack trace, and exits 1", async () => {
    const unreachable = await runCli(["keys:list", "--holder", "ben.tan@transport.gov.example"], {
      KEYHOLDER_URL: "http://127.0.0.1:9",
      KEYHOLDER_TOKEN: "khp_unused",
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.output.match(/NETWORK_ERROR/g)).toHaveLength(1);
    expect(unreachable.output).not.toMatch(/^\s+at /m);
    const noDatabase = await runCli(["db:migrate"], { DATABASE_URL: "postgres://postgres@127.0.0.1:9/nowhere" });
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.output.trim().split("\n")).toHaveLength(1);
    expect(noDatabase.output).not.toMatch(/^\s+at /m);
  });

  it("migrates, finds the entities and migrations in agreement, and seeds once", async () => {
    const env = { DATABASE_URL: db.url };
    const first = await runCli(["db:migrate"], env);
    expect(first.code).toBe(0);
    expect(first.output).toMatch(/Applied \d+ migration/);
    expect((await runCli(["db:migrate"], env)).output).toContain("Database is up to date.");
    const check = await runCli(["db:check"], env);
    expect(check.code).toBe(0);
    expect(check.output).toContain("Entities and migrations agree.");
    const seed = await runCli(["db:seed"], env);
    expect(seed.code).toBe(0);
    expect(seed.output).toMatch(/Seeded 40 users/);
    const again = await runCli(["db:seed"], env);
    expect(again.code).toBe(1);
    expect(again.output).toContain("already holds data");
  });

  it("admin:create takes the password from stdin; token:issue prints a token that works, capped by the role", async () => {
    const env = { DATABASE_URL: db.url };
    const created = await runCli(
      ["admin:create", "--email", "Ops@Example.org", "--role", "operator"],
      env,
      "a long operator password\n",
    );
    expect(created.code).toBe(0);
    expect(created.output).toContain("ops@example.org with role OPERATOR");
    expect(created.output).not.toContain("a long operator password");

    const tooHigh = await runCli(["token:issue", "--email", "ops@example.org", "--name", "ci", "--role", "ADMIN"], env);
    expect(tooHigh.code).toBe(1);
    expect(tooHigh.output).toContain("ROLE_TOO_HIGH");
    const issued = await runCli(
      ["token:issue", "--email", "ops@example.org", "--name", "ci", "--expires-in", "30d"],
      env,
    );
    expect(issued.code).toBe(0);
    const token = issued.output.trim().split("\n").pop() as string;
    expect(token).toMatch(/^khp_[0-9A-Za-z]{36}$/);

    const port = await freePort();
    const server = startProcess("main.js", [], { ...env, HOST: "127.0.0.1", PORT: String(port) });
    try {
      await waitFor(
        () => server.output().includes("Press Ctrl-C"),
        60_000,
        () => server.output(),
      );
      const me = await graphql(
        `http://127.0.0.1:${port}`,
        "{ me { role user { email } } }",
        {},
        {
          authorization: `Bearer ${token}`,
        },
      );
      expect(me.body.data.me).toEqual({ role: "OPERATOR", user: { email: "ops@example.org" } });
      const audit = await graphql(
        `http://127.0.0.1:${port}`,
        '{ auditEvents(filter: { action: "access_token." }) { nodes { actorLabel credentialKind } } }',
        {},
        { authorization: `Bearer ${token}` },
      );
      expect(audit.body.data.auditEvents.nodes[0]).toMatchObject({ credentialKind: "CLI" });
      expect(audit.body.data.auditEvents.nodes[0].actorLabel).toMatch(/^cli:/);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });

  it("admin:create generates and prints a password when stdin is empty", async () => {
    const created = await runCli(["admin:create", "--email", "second-admin@example.org"], { DATABASE_URL: db.url }, "");
    expect(created.code).toBe(0);
    expect(created.output).toMatch(/Password \(shown once\): \S{20}/);
  });
});
