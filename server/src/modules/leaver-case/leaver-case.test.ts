import { describe, expect, it } from "vitest";
import { createLogger } from "../../logger.js";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { createRequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { auditRows } from "../../test-support/audit.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { createTestApi, graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { PATCH_OP, scimClient } from "../../test-support/scim.js";
import type { User } from "../holder/user/user.entity.js";
import { UserStatus } from "../holder/user/user-status.js";
import { autoCompleteLeaverCase } from "./leaver-case.complete.js";
import { LeaverCase } from "./leaver-case.entity.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const TOKEN = "leaver-case-test-token-".padEnd(40, "z");
const deactivate = { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: false } }] };

async function withScim<T>(work: (scim: ReturnType<typeof scimClient>) => Promise<T>): Promise<T> {
  const server = await createTestApi(db, { scim: { token: TOKEN } });
  try {
    return await work(scimClient(server, TOKEN));
  } finally {
    await server.close();
  }
}

const OFFBOARD = graphql(`
  mutation OffboardLeaver($i: OffboardUserInput!) { offboardUser(input: $i) { offboarding { dryRun } errors { code } } }
`);
const CASES_PAGE = graphql(`
  query LeaverCasesPage($first: Int!, $open: Boolean! = true) {
    leaverCases(first: $first, open: $open) { user { id } resolution }
  }
`);
const OPEN_CASES = graphql(`
  query OpenLeaverCases {
    leaverCases { user { email leaverCase { id } } plan { wouldBreak keys { name suggestedHolderEmail } } }
    openLeaverCaseCount
  }
`);

const openCases = async () =>
  db.em().execute<{ user_id: string }[]>("select user_id from leaver_case where closed_at is null");

/**
 * A user Billing on `fines` with one key there, and the only member of fines-team, a group email
 * Billing on `fines` too: the key's exact-match successor.
 */
async function billingWithTeam(email: string, keyName: string): Promise<User> {
  const f = factories(db.em());
  const fines = await f.service({ slug: "fines" });
  const user = await f.user({ email });
  const team = await f.group({ email: "fines-team@agency.gov.example" }, [user]);
  await f.collaborator(fines, team, CollaboratorRole.BILLING);
  await f.collaborator(fines, user, CollaboratorRole.BILLING);
  await f.key(user, { name: keyName });
  return user;
}

describe("leaver cases", () => {
  it("simultaneous deactivations of one user open one case and record one event", async () => {
    const user = await factories(db.em()).user();
    await withScim(async (scim) => {
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => scim("PATCH", `/Users/${user.id}`, deactivate)),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    });
    expect(await openCases()).toEqual([{ user_id: user.id }]);
    expect((await auditRows(db)).filter((e) => e.action === "leaver_case.opened")).toHaveLength(1);
  });

  it("a dry-run offboarding leaves the case open; the real one closes it in its transaction", async () => {
    const f = factories(db.em());
    const user = await f.user();
    const team = await f.group({}, [user]);
    await f.key(user);
    await withScim((scim) => scim("DELETE", `/Users/${user.id}`));
    const offboard = (dryRun: boolean) =>
      api.gql(OFFBOARD, { i: { userId: user.id, defaultTargetId: team.id, dryRun } });
    expect((await offboard(true)).data?.offboardUser.errors).toEqual([]);
    expect(await openCases()).toHaveLength(1);
    expect((await offboard(false)).data?.offboardUser.errors).toEqual([]);
    expect(await openCases()).toEqual([]);
    const [closed] = await db
      .em()
      .execute<{ resolution: string; closed_at: Date | null }[]>("select resolution, closed_at from leaver_case");
    expect(closed?.resolution).toBe("OFFBOARDED");
    expect(closed?.closed_at).not.toBeNull();
  });

  it("a user who has departed gets no case, and the queue validates its size", async () => {
    const departed = await factories(db.em()).user({ status: UserStatus.DEPARTED });
    await withScim((scim) => scim("PATCH", `/Users/${departed.id}`, deactivate));
    expect(await openCases()).toEqual([]);
    const res = await api.gql(CASES_PAGE, { first: 0 });
    expect(res.errors?.[0]?.extensions?.code).toBe("INVALID_PAGE_SIZE");
  });

  it("lists open cases oldest first with their plans, with the users' leaverCase batched", async () => {
    const f = factories(db.em());
    const service = await f.service({ slug: "fines" });
    // The last leaver works on parking, where a group is Billing: only their key has a successor.
    const parking = await f.service({ slug: "parking" });
    const team = await f.group({ email: "parking-team@agency.gov.example" });
    await f.collaborator(parking, team, CollaboratorRole.BILLING);
    const users: User[] = [];
    for (let i = 0; i < 4; i++) {
      const user = await f.user({ email: `leaver${i}@agency.gov.example` });
      await f.collaborator(i === 3 ? parking : service, user, CollaboratorRole.BILLING);
      await f.key(user, { name: `key-${i}` });
      users.push(user);
    }
    const [first, ...rest] = users as [User, ...User[]];
    await withScim((scim) => scim("PATCH", `/Users/${first.id}`, deactivate));
    const one = await api.as(Role.VIEWER)(OPEN_CASES);
    expect(one.data?.leaverCases).toHaveLength(1);
    await withScim(async (scim) => {
      for (const user of rest) await scim("PATCH", `/Users/${user.id}`, deactivate);
    });
    const res = await api.as(Role.VIEWER)(OPEN_CASES);
    expect(res.data?.openLeaverCaseCount).toBe(4);
    expect(res.data?.leaverCases.map((c) => c.user.email)).toEqual(users.map((u) => u.email));
    // Each plan is its own user's, though all were read together.
    const plans = res.data!.leaverCases.map((c) => c.plan);
    expect(plans.map((p) => p.wouldBreak[0])).toEqual([
      expect.stringContaining("key-0 "),
      expect.stringContaining("key-1 "),
      expect.stringContaining("key-2 "),
      expect.stringContaining("key-3 "),
    ]);
    expect(plans.map((p) => p.keys)).toEqual([
      [{ name: "key-0", suggestedHolderEmail: null }],
      [{ name: "key-1", suggestedHolderEmail: null }],
      [{ name: "key-2", suggestedHolderEmail: null }],
      [{ name: "key-3", suggestedHolderEmail: "parking-team@agency.gov.example" }],
    ]);
    expect(res.data?.leaverCases.every((c) => c.user.leaverCase)).toBe(true);
    // The plans and the users' leaverCase are batched: four cases cost what one does.
    expect(res.sqlStatements).toBe(one.sqlStatements);
  });

  it("an automatic completion does not offboard a user the identity provider reactivated after the case opened", async () => {
    const user = await billingWithTeam("back@agency.gov.example", "back-key");
    const reactivate = { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: true } }] };
    await withScim(async (scim) => {
      await scim("PATCH", `/Users/${user.id}`, deactivate);
      await scim("PATCH", `/Users/${user.id}`, reactivate);
    });
    // The completion still holds the case it opened (a reactivation came in before it ran).
    const ctx = createRequestContext({
      em: db.orm.em,
      requestId: "auto-complete",
      log: createLogger("silent"),
      principal: {
        userId: null,
        email: "scim:configured",
        role: Role.OPERATOR,
        credentialKind: "SCIM",
        credentialId: null,
      },
    });
    const closed = await ctx.em.findOneOrFail(LeaverCase, { user: user.id });
    expect(closed.resolution).toBe("REACTIVATED");
    expect(await autoCompleteLeaverCase(ctx, closed)).toBe(false);
    const [row] = await db.em().execute<{ status: string }[]>("select status from holder where id = ?", [user.id]);
    expect(row?.status).toBe("ACTIVE");
    expect((await auditRows(db)).filter((e) => e.action === "user.offboarded")).toEqual([]);
  });

  it("an automatic completion leaves the case open when the user is the last active member of a group email", async () => {
    // The exact-match successor, but the leaver is its only member: it would hold the key for nobody.
    const alone = await billingWithTeam("alone@agency.gov.example", "alone-key");
    const server = await createTestApi(db, { scim: { token: TOKEN, autoCompleteExact: true } });
    try {
      expect((await scimClient(server, TOKEN)("PATCH", `/Users/${alone.id}`, deactivate)).status).toBe(200);
    } finally {
      await server.close();
    }
    expect(await openCases()).toEqual([{ user_id: alone.id }]);
    const [row] = await db.em().execute<{ status: string }[]>("select status from holder where id = ?", [alone.id]);
    expect(row?.status).toBe("ACTIVE");
  });

  it("lists closed cases most recently closed first, so the newest stay within the limit", async () => {
    const f = factories(db.em());
    const users = [await f.user(), await f.user(), await f.user()];
    const reactivate = { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: true } }] };
    await withScim(async (scim) => {
      for (const user of users) {
        await scim("PATCH", `/Users/${user.id}`, deactivate);
        await scim("PATCH", `/Users/${user.id}`, reactivate);
      }
    });
    // Closed on three distinct days, the first user's case last.
    for (const [i, day] of [
      [0, "2026-12-03"],
      [1, "2026-12-01"],
      [2, "2026-12-02"],
    ] as const) {
      await db
        .em()
        .execute("update leaver_case set closed_at = ? where user_id = ?", [`${day}T12:00:00Z`, users[i]?.id]);
    }
    const res = await api.gql(CASES_PAGE, { first: 2, open: false });
    expect(res.data?.leaverCases).toEqual([
      { user: { id: users[0]?.id }, resolution: "REACTIVATED" },
      { user: { id: users[2]?.id }, resolution: "REACTIVATED" },
    ]);
  });
});
