import fc from "fast-check";
import { Environment } from "../../modules/api-key/environment.js";
import type { Holder } from "../../modules/holder/holder.entity.js";
import type { User } from "../../modules/holder/user/user.entity.js";
import type { Service } from "../../modules/service/service.entity.js";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { Role } from "../../shared/role.js";
import type { TestDatabase } from "../database.js";
import { factories } from "../factories.js";
import type { TestApi } from "../graphql.js";
import type { OffboardInput } from "./offboard-document.js";

/**
 * A small organisation to run operations in: users and group emails (holders are numbered users
 * first, then groups), services (some archived), roles, and keys (some expired or revoked already).
 */
export interface WorldSpec {
  users: number;
  groups: { members: number[] }[];
  services: { archived: boolean }[];
  roles: { service: number; holder: number; role: CollaboratorRole }[];
  keys: { holder: number; environment: Environment; state: "active" | "expired" | "revoked" }[];
}

/** True about one time in four; shrinks to false. */
export const rarely: fc.Arbitrary<boolean> = fc.noBias(fc.constantFrom(false, false, false, true));

/** Random worlds of 2-4 users, 1-3 group emails, 1-3 services, roles and 2-6 keys (mostly users'). */
export const worldArb: fc.Arbitrary<WorldSpec> = fc
  .record({
    users: fc.integer({ min: 2, max: 4 }),
    groups: fc.integer({ min: 1, max: 3 }),
    services: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ users, groups, services }) => {
    const holders = users + groups;
    // Half of all (service, holder) pairs are BILLING, a quarter ADMIN.
    // (Unbiased: fast-check otherwise favours the first value, and worlds would have few roles.)
    const role = fc.noBias(
      fc.constantFrom(null, CollaboratorRole.BILLING, CollaboratorRole.BILLING, CollaboratorRole.ADMIN),
    );
    return fc.record({
      users: fc.constant(users),
      groups: fc.array(fc.record({ members: fc.uniqueArray(fc.nat({ max: users - 1 }), { maxLength: users }) }), {
        minLength: groups,
        maxLength: groups,
      }),
      services: fc.array(fc.record({ archived: rarely }), { minLength: services, maxLength: services }),
      roles: fc
        .array(role, { minLength: services * holders, maxLength: services * holders })
        .map((cells) =>
          cells.flatMap((r, i) => (r ? [{ service: Math.floor(i / holders), holder: i % holders, role: r }] : [])),
        ),
      keys: fc.array(
        fc.record({
          holder: fc.oneof(
            { weight: 3, arbitrary: fc.nat({ max: users - 1 }) },
            { weight: 1, arbitrary: fc.nat({ max: holders - 1 }) },
          ),
          environment: fc.constantFrom(Environment.PRODUCTION, Environment.STAGING),
          state: fc.noBias(
            fc.constantFrom(...(["active", "active", "active", "active", "expired", "revoked"] as const)),
          ),
        }),
        { minLength: 2, maxLength: 6 },
      ),
    });
  });

/** Everything a run knows that the database must not: every secret shown, and each key's current one. */
export interface RunState {
  /** Every plaintext secret any response (or the world's factory) ever returned. */
  secrets: string[];
  /** The newest secret of each key. */
  secretOf: Map<string, string>;
  /** Users this run offboarded through the API. */
  departed: Set<string>;
  /** Numbers the names of new keys (`key-07`), so that ordering by name is the same on replay. */
  keyCount: number;
  /** Numbers idempotency keys within the run. */
  stepCount: number;
  /** The last real offboarding sent with an idempotency key, and what it answered. */
  lastIdempotent: { input: OffboardInput; result: Record<string, unknown> } | null;
}

/** Slug of the n-th service (`svc-0`). */
export const slugOf = (n: number) => `svc-${n}`;

const EMPTY_ALL_BUT_TEST_ACCOUNTS = [
  "delete from audit_event",
  "delete from session",
  "delete from api_key",
  "delete from collaborator",
  "delete from group_membership",
  "delete from service",
  "delete from offboarding_record",
  "delete from access_token where user_id not in (select id from holder where email like '%@keyholder.test')",
  "delete from holder where email not like '%@keyholder.test'",
];

/**
 * Empties the database as `db.reset()` does, but keeps the test accounts that drive the API and
 * their tokens: deleting a few rows takes milliseconds where TRUNCATE takes hundreds, which is
 * the difference between a few seconds and a minute over a property's runs. Offboarding records
 * go too, so that no run sees another's idempotency keys.
 */
async function emptyDatabase(db: TestDatabase, api: TestApi): Promise<void> {
  await api.tokenFor(Role.ADMIN);
  await api.tokenFor(Role.VIEWER);
  await db.em().transactional(async (em) => {
    // The audit table refuses DELETE through a trigger; replica mode skips triggers. Only there:
    // the other tables' triggers keep the risk summaries.
    await em.execute("set local session_replication_role = replica");
    for (const sql of EMPTY_ALL_BUT_TEST_ACCOUNTS) {
      await em.execute(sql);
      if (sql === "delete from audit_event") await em.execute("set local session_replication_role = origin");
    }
  });
}

/**
 * Empties the database and builds `spec` in it with the factories (no audit events: the world is
 * the starting point, not a change). Only the test accounts, which no operation touches, remain.
 */
export async function buildWorld(db: TestDatabase, api: TestApi, spec: WorldSpec): Promise<RunState> {
  await emptyDatabase(db, api);
  const f = factories(db.em());
  const users: User[] = [];
  for (let i = 0; i < spec.users; i++) users.push(await f.user({ email: `u${i}@agency.gov.example`, name: `U${i}` }));
  const holders: Holder[] = [...users];
  for (const [i, group] of spec.groups.entries()) {
    const members = group.members.flatMap((m) => users[m] ?? []);
    holders.push(await f.group({ email: `team${i}@agency.gov.example`, name: `Team ${i}` }, members));
  }
  const services: Service[] = [];
  for (const [i, s] of spec.services.entries()) {
    services.push(await f.service({ slug: slugOf(i), name: `S${i}`, archivedAt: s.archived ? new Date() : null }));
  }
  for (const r of spec.roles) {
    const service = services[r.service];
    const holder = holders[r.holder];
    if (service && holder) await f.collaborator(service, holder, r.role);
  }
  const state: RunState = {
    secrets: [],
    secretOf: new Map(),
    departed: new Set(),
    keyCount: 0,
    stepCount: 0,
    lastIdempotent: null,
  };
  for (const k of spec.keys) {
    const holder = holders[k.holder] as Holder;
    const past = new Date(Date.now() - 86_400_000);
    const key = await f.key(holder, {
      name: nextKeyName(state),
      environment: k.environment,
      expiresAt: k.state === "expired" ? past : null,
      revokedAt: k.state === "revoked" ? past : null,
    });
    state.secrets.push(key.secret);
    state.secretOf.set(key.id, key.secret);
  }
  return state;
}

/** The name of the run's next key. */
export function nextKeyName(state: RunState): string {
  return `key-${String(state.keyCount++).padStart(2, "0")}`;
}
