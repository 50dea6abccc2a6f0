import { OffboardUserSummaryMutation } from "@keyholder/graphql";
import { describe, expect, it } from "vitest";
import { QUERY_LIMITS } from "../../graphql/limits.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const EVERY_KEY = graphql(`mutation($i: OffboardUserInput!) { offboardUser(input: $i) {
  offboarding { replayed
    keys { keyId name prefix action toHolderId toHolderEmail servicesBefore { slug } servicesAfter { slug } }
    keyGroups { action toHolderId toHolderEmail keyCount firstKeys { keyId name prefix } servicesBefore { slug } servicesAfter { slug } } }
  errors { code message } } }`);

const DAY = 86_400_000;

/** A leaver with `active` keys Billing on `services` services like their team, and 2 expired keys. */
async function leaverWith(active: number, services: number) {
  const f = factories(db.em());
  const leaver = await f.user();
  const team = await f.group({}, [leaver]);
  const other = await f.group();
  for (let i = 0; i < services; i++) {
    const service = await f.service({ slug: `service-${leaver.id.slice(0, 8)}-${i}` });
    await f.collaborator(service, leaver);
    await f.collaborator(service, team);
  }
  const keys = [];
  for (let done = 0; done < active; done += 1000) {
    const batch = Math.min(1000, active - done);
    keys.push(
      ...(await f.keys(Array.from({ length: batch }, (_, i) => ({ holder: leaver, name: `key ${done + i}` })))),
    );
  }
  for (let i = 0; i < 2; i++) {
    await f.key(leaver, { name: `old ${i}`, expiresAt: new Date(Date.now() - DAY) });
  }
  return { leaver, team, other, keys };
}

describe("offboardUser keyGroups", () => {
  it("puts every key in exactly one group of its fate, counts them, and a replay answers the same groups", async () => {
    const { leaver, team, other, keys } = await leaverWith(12, 3);
    const [revoked, moved] = [keys[0]!, keys[1]!];
    const input = {
      userId: leaver.id,
      defaultTargetId: team.id,
      decisions: [
        { keyId: revoked.id, action: "REVOKE" as const },
        { keyId: moved.id, action: "REASSIGN" as const, toHolderId: other.id },
      ],
      allowWiderAccess: true,
      idempotencyKey: `groups-${leaver.id}`,
    };
    const result = (await api.execute(EVERY_KEY, { i: input })).offboardUser.offboarding!;
    expect(result.keys).toHaveLength(14);
    const fate = (k: {
      action: string;
      toHolderId: string | null;
      toHolderEmail: string;
      servicesBefore: { slug: string }[];
      servicesAfter: { slug: string }[];
    }) =>
      JSON.stringify([
        k.action,
        k.toHolderId,
        k.toHolderEmail,
        k.servicesBefore.map((s) => s.slug),
        k.servicesAfter.map((s) => s.slug),
      ]);
    // Each key matches one group, and each group counts the keys that match it.
    for (const key of result.keys) expect(result.keyGroups.filter((g) => fate(g) === fate(key))).toHaveLength(1);
    for (const group of result.keyGroups) {
      const own = result.keys.filter((k) => fate(k) === fate(group));
      expect(group.keyCount).toBe(own.length);
      expect(group.firstKeys).toEqual(own.slice(0, 5).map(({ keyId, name, prefix }) => ({ keyId, name, prefix })));
    }
    expect(result.keyGroups.reduce((n, g) => n + g.keyCount, 0)).toBe(14);
    // 10 active keys to the team, 1 to the other group, 1 revoked, 2 expired (to the team, working nowhere).
    expect(
      result.keyGroups.map((g) => [
        g.action,
        g.toHolderId,
        g.keyCount,
        g.servicesBefore.length,
        g.servicesAfter.length,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ["REASSIGN", team.id, 10, 3, 3],
        ["REASSIGN", other.id, 1, 3, 3],
        ["REVOKE", team.id, 1, 3, 0],
        ["REASSIGN", team.id, 2, 0, 0],
      ]),
    );
    expect(result.keyGroups).toHaveLength(4);

    const replay = (await api.execute(EVERY_KEY, { i: input })).offboardUser.offboarding!;
    expect(replay.replayed).toBe(true);
    expect(replay.keyGroups).toEqual(result.keyGroups);
    expect(replay.keys).toEqual(result.keys);
  });

  it("replays a record stored before holder ids were kept with the same groups, their holder named by email only", async () => {
    const { leaver, team } = await leaverWith(3, 2);
    const input = { userId: leaver.id, defaultTargetId: team.id, idempotencyKey: `legacy-${leaver.id}` };
    const first = (await api.execute(EVERY_KEY, { i: input })).offboardUser.offboarding!;
    await db.em().execute("update offboarding_record set result = result - 'holderIds'");
    const replay = (await api.execute(EVERY_KEY, { i: input })).offboardUser.offboarding!;
    expect(replay.replayed).toBe(true);
    expect(replay.keyGroups).toEqual(first.keyGroups.map((g) => ({ ...g, toHolderId: null })));
    expect(replay.keys.every((k) => k.toHolderId === null && k.toHolderEmail === team.email)).toBe(true);
  });

  it("answers a dry run of 10,000 keys on 50 services in a few kilobytes", async () => {
    const { leaver, team } = await leaverWith(10_000, 50);
    const data = await api.execute(OffboardUserSummaryMutation, {
      input: { userId: leaver.id, defaultTargetId: team.id, dryRun: true },
    });
    const result = data.offboardUser.offboarding!;
    expect(result.keyGroups.map((g) => [g.action, g.keyCount, g.firstKeys.length])).toEqual([
      ["REASSIGN", 10_000, 5],
      ["REASSIGN", 2, 2],
    ]);
    // The answer's body (about 17 kB); listing every key with its services instead answers about
    // 100 MB, over the 16 MB limit of queries (a mutation's answer is sent whatever its size).
    const bytes = Buffer.byteLength(JSON.stringify({ data }));
    expect(bytes).toBeLessThan(QUERY_LIMITS.maxResponseBytes / 100);
  }, 120_000);
});
