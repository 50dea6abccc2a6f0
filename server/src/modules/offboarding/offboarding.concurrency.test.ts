import { describe, expect, it } from "vitest";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { auditRows } from "../../test-support/audit.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { type GqlResult, graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { CREATE_KEY, REVOKE_KEY, ROTATE_KEY, UPDATE_KEY } from "../../test-support/keys.js";
import { afterWaitingOnCommit, openTransaction, tracked, untilWaiting } from "../../test-support/locks.js";
import { ApiKey } from "../api-key/api-key.entity.js";
import { Collaborator } from "../collaborator/collaborator.entity.js";
import { User } from "../holder/user/user.entity.js";
import { UserStatus } from "../holder/user/user-status.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test), { serviceSlugs: true });

const OFFBOARD = graphql(`mutation($i: OffboardUserInput!) { offboardUser(input: $i) {
  offboarding { keys { keyId action toHolderEmail servicesBefore { slug } servicesAfter { slug } } } errors { field code message } } }`);

const REMOVE_COLLABORATOR = graphql(`mutation($input: RemoveCollaboratorInput!) {
  removeCollaborator(input: $input) { collaborator { id } errors { field code message } } }`);

const REASSIGN_KEY = graphql(`mutation($i: ReassignApiKeyInput!) {
  reassignApiKey(input: $i) { reassignment { toHolderEmail } errors { field code message } } }`);

const ADD_MEMBER = graphql(`mutation($input: AddGroupMemberInput!) {
  addGroupMember(input: $input) { groupEmail { id } errors { field code message } } }`);

const codes = (payload?: { errors: { code: string }[] }) => payload?.errors.map((e) => e.code);

describe("offboarding racing changes to the leaver's keys", () => {
  it("offboardUser against revoke, rotate and update of the leaver's keys and removal of their role: no server error, invariants hold", async () => {
    const f = factories(db.em());
    // Cache the caller's token first, so that the requests race on the leaver's rows and not on sign-in.
    await api.gql(graphql(`{ me { role } }`));
    const rounds = 15;
    for (let round = 0; round < rounds; round++) {
      const fines = await f.service({ slug: `fines-${round}` });
      const alice = await f.user();
      const finance = await f.group();
      await f.collaborator(fines, alice);
      await f.collaborator(fines, finance);
      const viewer = await f.collaborator(await f.service(), alice, CollaboratorRole.VIEWER);
      const [revoked, rotated, updated] = [await f.key(alice), await f.key(alice), await f.key(alice)];

      const calls: (() => Promise<GqlResult>)[] = [
        () => api.gql(OFFBOARD, { i: { userId: alice.id, defaultTargetId: finance.id, reason: `round ${round}` } }),
        () => api.gql(REVOKE_KEY, { input: { id: revoked.id, reason: "leaked" } }),
        () => api.gql(ROTATE_KEY, { input: { id: rotated.id, overlapHours: 0 } }),
        () => api.gql(UPDATE_KEY, { input: { id: updated.id, version: 1, name: "renamed" } }),
        () => api.gql(REMOVE_COLLABORATOR, { input: { id: viewer.id, reason: "no longer needed" } }),
      ];
      // The offboarding starts first, last, or in between: each lock order gets its turn.
      const offset = round % calls.length;
      const order = [...calls.slice(offset), ...calls.slice(0, offset)];
      const results = await Promise.all(order.map((call) => call()));
      const result = (i: number) => results[(i - offset + calls.length) % calls.length] as GqlResult;
      const [offboard, revoke, rotate, update, remove] = [result(0), result(1), result(2), result(3), result(4)];

      const context = { round };
      expect({ ...context, errors: results.flatMap((r) => r.errors ?? []) }).toEqual({ ...context, errors: [] });
      expect(results.map((r) => r.status)).toEqual(calls.map(() => 200));
      expect({ ...context, offboard: codes(offboard.data?.offboardUser) }).toEqual({ ...context, offboard: [] });
      expect(codes(revoke.data?.revokeApiKey)).toEqual([]);
      expect(codes(rotate.data?.rotateApiKey)).toEqual([]);
      const updateCodes = codes(update.data!.updateApiKey)!;
      expect([[], ["VERSION_CONFLICT"]]).toContainEqual(updateCodes);
      // The offboarding may have removed the role first.
      const removeCodes = codes(remove.data?.removeCollaborator);
      expect([[], ["COLLABORATOR_NOT_FOUND"]]).toContainEqual(removeCodes);

      // Invariant 2: the leaver holds nothing, and every key that still works works where it did.
      const em = db.em();
      expect((await em.findOneOrFail(User, { id: alice.id })).status).toBe(UserStatus.DEPARTED);
      expect(await em.count(ApiKey, { holder: alice.id })).toBe(0);
      const keys = await em.find(ApiKey, { id: [revoked.id, rotated.id, updated.id] }, { orderBy: { id: "asc" } });
      expect(keys.map((k) => k.holder.id)).toEqual(keys.map(() => finance.id));
      expect(keys.find((k) => k.id === revoked.id)?.revokedAt).not.toBeNull();
      for (const key of [rotated, updated]) {
        const res = await api.gql(graphql(`query($id: ID!) { apiKey(id: $id) { worksOn { slug } } }`), { id: key.id });
        expect(res.data?.apiKey?.worksOn).toEqual([fines.slug]);
      }

      // Invariant 3: every success has exactly its audit event, nothing else was recorded for these keys.
      const events = await auditRows(db);
      const of = (keyId: string, action: string) =>
        events.filter((e) => e.subjectId === keyId && e.action === action).length;
      expect(of(revoked.id, "api_key.revoked")).toBe(1);
      expect(of(rotated.id, "api_key.rotated")).toBe(1);
      expect(of(updated.id, "api_key.updated")).toBe(updateCodes.length ? 0 : 1);
      expect(events.filter((e) => e.subjectId === alice.id && e.action === "user.offboarded")).toHaveLength(1);
      const viewerRemovals = events.filter(
        (e) => e.action === "collaborator.removed" && e.before?.role === "VIEWER" && e.before?.holder === alice.email,
      );
      expect(viewerRemovals).toHaveLength(1);
      expect(await em.count(Collaborator, { holder: alice.id })).toBe(0);
    }
  }, 120_000);

  it("a key issued or moved to the leaver while the offboarding runs is refused or handed over: the leaver ends with none", async () => {
    const f = factories(db.em());
    await api.gql(graphql(`{ me { role } }`));
    const rounds = 12;
    for (let round = 0; round < rounds; round++) {
      const alice = await f.user();
      const bob = await f.user();
      const finance = await f.group();
      const bobs = await f.key(bob);
      const calls: (() => Promise<GqlResult>)[] = [
        () => api.gql(OFFBOARD, { i: { userId: alice.id, defaultTargetId: finance.id, reason: `round ${round}` } }),
        () =>
          api.gql(CREATE_KEY, {
            input: { name: `new ${round}`, environment: "STAGING", holderId: alice.id, lifespan: "DAYS_30" },
          }),
        () => api.gql(REASSIGN_KEY, { i: { id: bobs.id, version: 1, toHolderId: alice.id, reason: "covering" } }),
      ];
      const offset = round % calls.length;
      const order = [...calls.slice(offset), ...calls.slice(0, offset)];
      const results = await Promise.all(order.map((call) => call()));
      const result = (i: number) => results[(i - offset + calls.length) % calls.length] as GqlResult;
      const [offboard, create, reassign] = [result(0), result(1), result(2)];

      const context = { round };
      expect({ ...context, errors: results.flatMap((r) => r.errors ?? []) }).toEqual({ ...context, errors: [] });
      expect({ ...context, offboard: codes(offboard.data?.offboardUser) }).toEqual({ ...context, offboard: [] });
      expect([[], ["USER_DEPARTED"]]).toContainEqual(codes(create.data?.createApiKey));
      expect([[], ["USER_DEPARTED"]]).toContainEqual(codes(reassign.data?.reassignApiKey));
      // Invariant 2: whatever won, the departed user holds no key.
      expect({ ...context, held: await db.em().count(ApiKey, { holder: alice.id }) }).toEqual({ ...context, held: 0 });
    }
  }, 120_000);

  it("keys are not handed over to a successor whose own offboarding is under way: it finishes first, and the hand-over is refused", async () => {
    const f = factories(db.em());
    await api.gql(graphql(`{ me { role } }`));
    const fines = await f.service({ slug: "fines" });
    const alice = await f.user();
    const bob = await f.user();
    await f.collaborator(fines, alice);
    const key = await f.key(alice);

    // Bob's offboarding is under way: it holds his row, as offboardUser does, and marks him departed.
    const bobsOffboarding = await openTransaction(db);
    try {
      await bobsOffboarding.query("select id from holder where id = $1 for update", [bob.id]);
      await bobsOffboarding.query("update holder set status = 'DEPARTED', departed_at = now() where id = $1", [bob.id]);

      // Alice's keys go to Bob: this must wait for Bob's offboarding to end, whatever it decides.
      const offboarding = tracked(
        api.gql(OFFBOARD, { i: { userId: alice.id, defaultTargetId: bob.id, reason: "leaving" } }),
      );
      await untilWaiting(db, 1, offboarding.settled);
      await bobsOffboarding.query("commit");

      const res = await offboarding.promise;
      expect(res.errors ?? []).toEqual([]);
      expect(codes(res.data?.offboardUser)).toEqual(["USER_DEPARTED"]);
    } finally {
      await bobsOffboarding.release();
    }
    // Invariant 2: a departed user holds no key; Alice's offboarding changed nothing.
    expect(await db.em().count(ApiKey, { holder: bob.id })).toBe(0);
    expect((await db.em().findOneOrFail(ApiKey, { id: key.id })).holder.id).toBe(alice.id);
    expect((await db.em().findOneOrFail(User, { id: alice.id })).status).toBe(UserStatus.ACTIVE);
  });

  it("adding the leaver to a group while the offboarding runs takes the holder rows in the offboarding's order: no deadlock", async () => {
    const f = factories(db.em());
    await api.gql(graphql(`{ me { role } }`));
    const alice = await f.user();
    const finance = await f.group();

    // Alice's offboarding is under way: it holds her row, as offboardUser does.
    const res = await afterWaitingOnCommit(
      db,
      (offboarding) => offboarding.query("select id from holder where id = $1 for update", [alice.id]),
      () => api.gql(ADD_MEMBER, { input: { groupId: finance.id, userId: alice.id } }),
      async (offboarding) => {
        // The offboarding now takes its successor's row, as its hand-over does. Were the waiting
        // membership change holding the group's row, the two would deadlock; NOWAIT says so at once.
        await offboarding.query("select id from holder where id = $1 for share nowait", [finance.id]);
        await offboarding.query("update holder set status = 'DEPARTED', departed_at = now() where id = $1", [alice.id]);
      },
    );
    expect(res.errors ?? []).toEqual([]);
    expect(codes(res.data?.addGroupMember)).toEqual(["USER_DEPARTED"]);
  });
});
