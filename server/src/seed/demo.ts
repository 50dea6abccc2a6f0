import type { EntityManager } from "@mikro-orm/postgresql";
import { ApiKey } from "../modules/api-key/api-key.entity.js";
import { mintSecret } from "../modules/api-key/api-key.secret.js";
import { Environment } from "../modules/api-key/environment.js";
import { AuditRecord } from "../modules/audit/audit-record.entity.js";
import { Collaborator } from "../modules/collaborator/collaborator.entity.js";
import { GroupEmail } from "../modules/holder/group-email/group-email.entity.js";
import { GroupMembership } from "../modules/holder/group-email/group-membership.entity.js";
import { Holder } from "../modules/holder/holder.entity.js";
import { User } from "../modules/holder/user/user.entity.js";
import { UserStatus } from "../modules/holder/user/user-status.js";
import { Service } from "../modules/service/service.entity.js";
import { CollaboratorRole } from "../shared/collaborator-role.js";

const DAY = 86_400_000;

/** A small deterministic PRNG, so every demo database looks the same. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface AgencyPlan {
  domain: string;
  name: string;
  people: string[];
  groups: { local: string; name: string; members: number[] }[];
  services: { slug: string; name: string }[];
}

const agencies: AgencyPlan[] = [
  {
    domain: "transport.gov.example",
    name: "Transport Authority",
    people: [
      "Aisha Rahman",
      "Ben Tan",
      "Chloe Lim",
      "Daniel Ong",
      "Elena Goh",
      "Farid Ismail",
      "Grace Ng",
      "Hari Kumar",
      "Irene Chua",
      "Jason Teo",
    ],
    groups: [
      { local: "finance-team", name: "Transport finance team", members: [0, 1, 2] },
      { local: "payments-ops", name: "Transport payments operations", members: [3, 4] },
      { local: "fleet-billing", name: "Fleet billing", members: [5] },
    ],
    services: [
      { slug: "parking-fines", name: "Parking fines" },
      { slug: "season-parking", name: "Season parking" },
      { slug: "vehicle-registration", name: "Vehicle registration" },
      { slug: "road-tax-renewal", name: "Road tax renewal" },
      { slug: "taxi-licensing", name: "Taxi licensing" },
      { slug: "erp-topups", name: "Road pricing top-ups" },
      { slug: "bicycle-permits", name: "Bicycle permits" },
    ],
  },
  {
    domain: "health.gov.example",
    name: "Health Board",
    people: [
      "Kavya Menon",
      "Liam Wong",
      "Mei Ling Ho",
      "Nur Aziz",
      "Oliver Seah",
      "Priya Nair",
      "Qian Hui Yeo",
      "Rahul Singh",
      "Siti Hassan",
      "Tom Lee",
    ],
    groups: [
      { local: "finance-team", name: "Health finance team", members: [0, 1, 2, 3] },
      { local: "clinic-payments", name: "Clinic payments", members: [4] },
      { local: "vaccination-ops", name: "Vaccination operations", members: [5, 6] },
    ],
    services: [
      { slug: "clinic-bookings", name: "Clinic bookings" },
      { slug: "vaccination-fees", name: "Vaccination fees" },
      { slug: "medical-reports", name: "Medical report requests" },
      { slug: "health-screening", name: "Health screening" },
      { slug: "dental-subsidies", name: "Dental subsidies" },
      { slug: "pharmacy-claims", name: "Pharmacy claims" },
    ],
  },
  {
    domain: "housing.gov.example",
    name: "Housing Agency",
    people: [
      "Uma Pillai",
      "Victor Chan",
      "Wei Jie Koh",
      "Xin Yi Tan",
      "Yusuf Osman",
      "Zara Lim",
      "Adam Ho",
      "Bella Sim",
      "Calvin Yap",
      "Dina Fernandez",
    ],
    groups: [
      { local: "rent-collection", name: "Rent collection", members: [0, 1] },
      { local: "estate-finance", name: "Estate finance", members: [2, 3, 4] },
    ],
    services: [
      { slug: "rent-payments", name: "Rental payments" },
      { slug: "renovation-permits", name: "Renovation permits" },
      { slug: "carpark-charges", name: "Estate carpark charges" },
      { slug: "home-loan-installments", name: "Home loan instalments" },
      { slug: "service-conservancy", name: "Service and conservancy charges" },
      { slug: "ballot-fees", name: "Flat ballot fees" },
    ],
  },
  {
    domain: "revenue.gov.example",
    name: "Revenue Office",
    people: [
      "Edwin Chia",
      "Fiona Lau",
      "Gavin Poh",
      "Hannah Quek",
      "Ivan Low",
      "Jasmine Toh",
      "Kenneth Ang",
      "Lydia Soh",
      "Marcus Foo",
      "Nadia Karim",
    ],
    groups: [
      { local: "tax-collections", name: "Tax collections", members: [0, 1, 2] },
      { local: "refunds-team", name: "Refunds team", members: [3, 4] },
    ],
    services: [
      { slug: "property-tax", name: "Property tax" },
      { slug: "stamp-duty", name: "Stamp duty" },
      { slug: "gst-returns", name: "GST returns" },
      { slug: "income-tax-giro", name: "Income tax GIRO" },
      { slug: "tax-refunds", name: "Tax refunds" },
      { slug: "penalty-payments", name: "Penalty payments" },
    ],
  },
];

/** Per agency, the people who have left (indices into `people`). */
const departedPeople = [[8, 9], [9], [7, 8], [9]];

/**
 * Per agency, staff about to leave whose hand-over is clean: each is a Billing collaborator on
 * exactly the services where one of their group emails is, and holds keys, so reassigning those
 * keys to the group neither widens nor narrows where they work (indices into `people` and `groups`).
 */
const cleanHandOvers: { person: number; group: number }[][] = [
  [
    { person: 1, group: 0 },
    { person: 3, group: 1 },
  ],
  [{ person: 1, group: 0 }],
  [{ person: 1, group: 0 }],
  [],
];
const handOverKeys: [suffix: string, environment: Environment][] = [
  ["billing sync", Environment.PRODUCTION],
  ["refunds job", Environment.PRODUCTION],
  ["statements", Environment.PRODUCTION],
  ["staging sync", Environment.STAGING],
  ["staging statements", Environment.STAGING],
];

export interface SeedResult {
  seeded: boolean;
  users: number;
  groups: number;
  services: number;
  keys: number;
}

/**
 * Loads a realistic demo organisation: four agencies with staff (some departed), group emails
 * (some with a single member), services with collaborators, and keys in both environments.
 * It contains every risk Keyholder reports, so a newcomer sees real cases at once.
 * Does nothing when the database already holds holders, unless `force` is set.
 */
export async function seedDemoData(
  em: EntityManager,
  options: { force?: boolean; now?: Date } = {},
): Promise<SeedResult> {
  if (!options.force && (await em.count(Holder, {})) > 0) {
    return { seeded: false, users: 0, groups: 0, services: 0, keys: 0 };
  }
  const now = options.now ?? new Date();
  const random = prng(20261122);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const result: SeedResult = { seeded: true, users: 0, groups: 0, services: 0, keys: 0 };

  await em.transactional(async (tx) => {
    const allServices: Service[] = [];
    for (const [agencyIndex, agency] of agencies.entries()) {
      const users = agency.people.map((name, i) => {
        const user = tx.create(User, {
          email: `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@${agency.domain}`,
          name,
          status: UserStatus.ACTIVE,
          createdAt: new Date(now.getTime() - (400 + i * 7) * DAY),
        });
        if (departedPeople[agencyIndex]?.includes(i)) {
          user.status = UserStatus.DEPARTED;
          user.departedAt = new Date(now.getTime() - (20 + i * 3) * DAY);
        }
        return user;
      });
      const groups = agency.groups.map((g) => {
        const group = tx.create(GroupEmail, {
          email: `${g.local}@${agency.domain}`,
          name: g.name,
          description: `Shared mailbox of the ${agency.name}.`,
          createdAt: new Date(now.getTime() - 500 * DAY),
        });
        for (const m of g.members) tx.create(GroupMembership, { group, user: users[m] as User });
        return group;
      });
      const services = agency.services.map((s) =>
        tx.create(Service, {
          slug: s.slug,
          name: s.name,
          description: `${s.name} for the ${agency.name}.`,
          createdAt: new Date(now.getTime() - 450 * DAY),
        }),
      );
      allServices.push(...services);
      const active = users.filter((u) => u.status === UserStatus.ACTIVE);
      const departed = users.filter((u) => u.status === UserStatus.DEPARTED);
      // Marked departed by HR outside Keyholder, never offboarded: still on the team's mailbox too.
      if (departed[0]) tx.create(GroupMembership, { group: groups[0] as GroupEmail, user: departed[0] });

      for (const [i, service] of services.entries()) {
        const billingGroup = groups[i % groups.length] as GroupEmail;
        // The last service of each agency has only an individual as its Billing collaborator,
        // so offboarding that person would leave it with none.
        const soleBillingPerson = i === services.length - 1;
        if (!soleBillingPerson)
          tx.create(Collaborator, { service, holder: billingGroup, role: CollaboratorRole.BILLING });
        const billingPerson = active[(i * 3) % active.length] as User;
        if (soleBillingPerson || i % 2 === 0)
          tx.create(Collaborator, { service, holder: billingPerson, role: CollaboratorRole.BILLING });
        tx.create(Collaborator, {
          service,
          holder: active[(i * 3 + 1) % active.length] as User,
          role: CollaboratorRole.ADMIN,
        });
        tx.create(Collaborator, {
          service,
          holder: active[(i * 3 + 2) % active.length] as User,
          role: CollaboratorRole.VIEWER,
        });
        // Departed staff kept as collaborators: legacy data the risk report should surface.
        if (i === 1 && departed[0])
          tx.create(Collaborator, { service, holder: departed[0], role: CollaboratorRole.BILLING });
      }

      const newKey = (holder: Holder, environment: Environment, name: string, extra: Partial<ApiKey> = {}) => {
        const minted = mintSecret(environment);
        const createdAt = new Date(now.getTime() - Math.floor(30 + random() * 300) * DAY);
        result.keys++;
        return tx.create(ApiKey, {
          name,
          environment,
          holder,
          prefix: minted.prefix,
          secretDigest: minted.digest,
          createdAt,
          lastUsedAt: random() < 0.8 ? new Date(now.getTime() - Math.floor(random() * 10) * DAY) : null,
          expiresAt: random() < 0.5 ? new Date(createdAt.getTime() + pick([180, 365, 730]) * DAY) : null,
          ...extra,
        });
      };

      for (const [i, service] of services.entries()) {
        const billingGroup = groups[i % groups.length] as GroupEmail;
        for (const environment of [Environment.STAGING, Environment.PRODUCTION]) {
          const soleBillingPerson = i === services.length - 1;
          const holder: Holder = soleBillingPerson ? (active[(i * 3) % active.length] as User) : billingGroup;
          newKey(holder, environment, `${service.slug} backend`);
          if (i % 2 === 0)
            newKey(active[(i * 3) % active.length] as User, environment, `${service.slug} reconciliation job`);
        }
      }
      // Keys held by departed staff (legacy): they still work where the leaver is still Billing.
      for (const person of departed) {
        newKey(person, Environment.PRODUCTION, `${person.name.split(" ")[0]}'s payment script`);
        newKey(person, Environment.STAGING, `${person.name.split(" ")[0]}'s test script`);
      }
      // Personal keys of active staff, some of which work nowhere (their holder is Billing nowhere).
      for (const person of active.slice(5, 8)) {
        newKey(
          person,
          pick([Environment.STAGING, Environment.PRODUCTION]),
          `${person.name.split(" ")[0]}'s sandbox key`,
        );
        newKey(person, Environment.STAGING, `${person.name.split(" ")[0]}'s integration test key`);
      }
      // Lifecycle cases: expiring soon, expired, revoked, long unused.
      const group0 = groups[0] as GroupEmail;
      newKey(group0, Environment.PRODUCTION, "statement export", { expiresAt: new Date(now.getTime() + 5 * DAY) });
      newKey(group0, Environment.PRODUCTION, "month-end batch", { expiresAt: new Date(now.getTime() + 20 * DAY) });
      newKey(group0, Environment.STAGING, "old load test", { expiresAt: new Date(now.getTime() - 10 * DAY) });
      newKey(group0, Environment.PRODUCTION, "retired reconciliation", {
        revokedAt: new Date(now.getTime() - 40 * DAY),
        revokedReason: "Replaced by the month-end batch key.",
      });
      newKey(groups[1] as GroupEmail, Environment.PRODUCTION, "quarterly report", {
        lastUsedAt: new Date(now.getTime() - 120 * DAY),
      });
      newKey(groups[1] as GroupEmail, Environment.STAGING, "never used", { lastUsedAt: null });
      for (const { person, group } of cleanHandOvers[agencyIndex] ?? []) {
        const leaver = users[person] as User;
        // The services where the team is Billing: every one but the last, by the rule above.
        for (const [i, service] of services.entries())
          if (i % groups.length === group && i !== services.length - 1)
            tx.create(Collaborator, { service, holder: leaver, role: CollaboratorRole.BILLING });
        // Fixed dates rather than the PRNG's, so the other demo rows stay as they were.
        for (const [n, [suffix, environment]] of handOverKeys.entries()) {
          const minted = mintSecret(environment);
          result.keys++;
          tx.create(ApiKey, {
            name: `${leaver.name.split(" ")[0]}'s ${suffix}`,
            environment,
            holder: leaver,
            prefix: minted.prefix,
            secretDigest: minted.digest,
            createdAt: new Date(now.getTime() - (60 + n) * DAY),
            lastUsedAt: new Date(now.getTime() - (n + 1) * DAY),
          });
        }
      }
      result.users += users.length;
      result.groups += groups.length;
      result.services += services.length;
    }
    // Services with Billing collaborators but no working key: all keys of their only Billing
    // holder are revoked.
    const orphanGroup = tx.create(GroupEmail, {
      email: "legacy-payments@transport.gov.example",
      name: "Legacy payments",
      description: "Mailbox of a retired payments integration.",
    });
    result.groups++;
    for (const slug of ["legacy-toll-gateway", "paper-permit-fees"]) {
      const service = tx.create(Service, { slug, name: slug.replace(/-/g, " "), description: "Kept for audit." });
      tx.create(Collaborator, { service, holder: orphanGroup, role: CollaboratorRole.BILLING });
      const minted = mintSecret(Environment.PRODUCTION);
      tx.create(ApiKey, {
        name: `${slug} gateway`,
        environment: Environment.PRODUCTION,
        holder: orphanGroup,
        prefix: minted.prefix,
        secretDigest: minted.digest,
        revokedAt: new Date(now.getTime() - 90 * DAY),
        revokedReason: "Gateway decommissioned.",
      });
      result.services++;
      result.keys++;
    }
    tx.create(AuditRecord, {
      actorLabel: "system",
      credentialKind: "SYSTEM",
      action: "demo.seeded",
      subjectType: "Database",
      subjectId: "demo",
      after: { users: result.users, groups: result.groups, services: result.services, keys: result.keys },
    });
  });
  return result;
}
