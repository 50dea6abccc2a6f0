// Answers for the holders screens' component tests, typed by their documents (with __typename).

import type { ResultOf } from "@keyholder/graphql";
import { maskFragments } from "gql.tada";
import { connectionOf, pageOf } from "../../../test/connection.js";
import { answerOf, type WithTypenames } from "../../../test/render.js";
import { type keyRow, keyRowPage } from "../../keys/test-support/key-rows.js";
import { HolderAuditQuery, HolderKeysQuery, HolderQuery } from "../holder.graphql.js";
import { HolderRowFields, HoldersQuery } from "../holders.graphql.js";

type HolderRow = ResultOf<typeof HolderRowFields>;
type UserRow = Extract<HolderRow, { status: unknown }>;
type GroupRow = Extract<HolderRow, { activeMemberCount: unknown }>;
type HolderAnswer = NonNullable<ResultOf<typeof HolderQuery>["holder"]>;
type UserHolder = Extract<HolderAnswer, { __typename: "User" }>;
type GroupHolder = Extract<HolderAnswer, { __typename: "GroupEmail" }>;
type AuditEvent = ResultOf<typeof HolderAuditQuery>["auditEvents"]["nodes"][number];

/** User `n` as a row of the holders list: active, holding `n` keys, without console access. */
export function userRow(n: number, overrides: Partial<UserRow> = {}) {
  return {
    __typename: "User" as const,
    id: `u-${n}`,
    email: `person${n}@example.org`,
    name: `Person ${n}`,
    kind: "USER" as const,
    keys: { __typename: "ApiKeyConnection", totalCount: n },
    status: "ACTIVE" as const,
    departedAt: null,
    consoleRole: null,
    ...overrides,
  };
}

/** Group email `n` as a row of the holders list: two active members, three keys. */
export function groupRow(n: number, overrides: Partial<GroupRow> = {}) {
  return {
    __typename: "GroupEmail" as const,
    id: `g-${n}`,
    email: `team${n}@example.org`,
    name: `Team ${n}`,
    kind: "GROUP" as const,
    keys: { __typename: "ApiKeyConnection", totalCount: 3 },
    activeMemberCount: 2,
    healthy: true,
    ...overrides,
  };
}

/** The `Holders` query's answer: one page of `nodes` out of `total`, with a next page or not. */
export function holdersPage(
  nodes: (ReturnType<typeof userRow> | ReturnType<typeof groupRow>)[],
  total: number,
  hasNextPage: boolean,
) {
  return answerOf(HoldersQuery, {
    holders: pageOf("Holder", [...maskFragments([HolderRowFields], nodes)], total, hasNextPage),
  });
}

const collaboration = {
  __typename: "Collaborator",
  id: "c-1",
  role: "BILLING" as const,
  createdAt: "2026-01-01T00:00:00.000Z",
  service: { __typename: "Service", id: "s-1", slug: "parking", name: "Parking", archivedAt: null },
};

/** The `Holder` query's answer for Ana, an active user and OPERATOR with two collaborations and one group. */
export function userDetail(overrides: Partial<UserHolder> = {}) {
  return answerOf(HolderQuery, {
    holder: {
      __typename: "User",
      id: "u-7",
      email: "ana@example.org",
      name: "Ana",
      kind: "USER",
      createdAt: "2026-01-01T00:00:00.000Z",
      version: 4,
      collaborations: connectionOf("Collaborator", [
        collaboration,
        { ...collaboration, id: "c-2", role: "ADMIN" as const },
      ]),
      status: "ACTIVE",
      departedAt: null,
      consoleRole: "OPERATOR",
      groupEmails: connectionOf("GroupEmail", [
        {
          __typename: "GroupEmail",
          id: "g-1",
          email: "team@example.org",
          name: "Team",
          activeMemberCount: 2,
          healthy: true,
        },
      ]),
      ...overrides,
    },
  });
}

/** Member `n` of a group email, as the `Holder` query lists it. */
export function member(n: number, status: "ACTIVE" | "DEPARTED" = "ACTIVE") {
  return {
    __typename: "User",
    id: `u-${n}`,
    email: `member${n}@example.org`,
    name: `Member ${n}`,
    status,
    departedAt: null,
  };
}

/** The `Holder` query's answer for the Team group email: two active members, one collaboration. */
export function groupDetail(overrides: Partial<GroupHolder> = {}) {
  return answerOf(HolderQuery, {
    holder: {
      __typename: "GroupEmail",
      id: "g-1",
      email: "team@example.org",
      name: "Team",
      kind: "GROUP",
      createdAt: "2026-01-01T00:00:00.000Z",
      version: 9,
      collaborations: connectionOf("Collaborator", [collaboration]),
      description: "The finance team's mailbox",
      activeMemberCount: 2,
      healthy: true,
      members: connectionOf("User", [member(1), member(2)]),
      ...overrides,
    },
  });
}

/** The `HolderKeys` query's answer: the holder's `rows`, with more on a next page or not. */
export function holderKeys(rows: ReturnType<typeof keyRow>[] = [], hasNextPage = false) {
  return answerOf(HolderKeysQuery, {
    holder: {
      __typename: "User",
      id: "u-7",
      keys: keyRowPage(rows, rows.length + (hasNextPage ? 20 : 0), hasNextPage, "a2V5cw"),
    },
  });
}

/** The `HolderAudit` query's answer: `nodes`, the latest of `totalCount` events. */
export function holderAudit(nodes: AuditEvent[] = [], totalCount = nodes.length) {
  return answerOf(HolderAuditQuery, { auditEvents: { __typename: "AuditEventConnection", totalCount, nodes } });
}

export const auditEvent = {
  __typename: "AuditEvent",
  id: "e-1",
  action: "user.updated",
  actorLabel: "boss@example.org",
  actor: { __typename: "User", id: "u-2" },
  occurredAt: "2026-02-01T00:00:00.000Z",
  reason: "fixing a typo",
  before: { name: "An", email: "ana@example.org" },
  after: { name: "Ana", email: "ana@example.org" },
} satisfies WithTypenames<AuditEvent>;
