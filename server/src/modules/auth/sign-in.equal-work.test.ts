import { verify } from "@node-rs/argon2";
import { describe, expect, it, vi } from "vitest";
import { Role } from "../../shared/role.js";
import { consoleUser, SIGN_IN } from "../../test-support/console.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { type TestApi, useTestApi } from "../../test-support/graphql.js";

// The real argon2, watched: how many hashes a sign-in verifies is the work that shows in its time.
vi.mock("@node-rs/argon2", async (original) => {
  const real = await original<typeof import("@node-rs/argon2")>();
  return { ...real, verify: vi.fn(real.verify) };
});

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const PASSWORD = "correct horse battery";

/** One refused sign-in: its code, the argon2 verifications and the SQL statements it took. */
async function refusedSignIn(email: string, password: string) {
  vi.mocked(verify).mockClear();
  const res = await api.anonymous(SIGN_IN, { input: { email, password } });
  return {
    code: res.data?.signIn?.errors?.[0]?.code,
    verifications: vi.mocked(verify).mock.calls.length,
    statements: res.sqlStatements,
  };
}

describe("a refused sign-in does the same work whatever the reason", () => {
  it("a wrong password, an unknown email and accounts that may not sign in: one hash verified, the same SQL", async () => {
    await consoleUser(db, "olive@agency.gov.example", Role.VIEWER, PASSWORD);
    const gone = await consoleUser(db, "gone@agency.gov.example", Role.VIEWER, PASSWORD);
    await db.em().execute("update holder set status = 'DEPARTED', departed_at = now() where id = ?", [gone.id]);
    await factories(db.em()).user({ email: "plain@agency.gov.example" });

    const wrongPassword = await refusedSignIn("olive@agency.gov.example", "wrong password here");
    expect(wrongPassword).toMatchObject({ code: "INVALID_CREDENTIALS", verifications: 1 });
    for (const email of [
      "nobody@agency.gov.example",
      "gone@agency.gov.example",
      "plain@agency.gov.example",
      `${"x".repeat(300)}@agency.gov.example`,
    ]) {
      expect({ email, ...(await refusedSignIn(email, PASSWORD)) }).toEqual({ email, ...wrongPassword });
    }
  });

  it("a locked account still verifies the password it was sent", async () => {
    const user = await consoleUser(db, "olive@agency.gov.example", Role.VIEWER, PASSWORD);
    await db.em().execute("update holder set locked_until = now() + interval '1 hour' where id = ?", [user.id]);
    expect(await refusedSignIn("olive@agency.gov.example", PASSWORD)).toMatchObject({
      code: "ACCOUNT_LOCKED",
      verifications: 1,
    });
  });
});
