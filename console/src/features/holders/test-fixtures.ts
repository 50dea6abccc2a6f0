// Answers for the holders screens' component tests, shaped like the API's (with __typename).

export function userRow(n: number, overrides: Record<string, unknown> = {}) {
  return {
    __typename: "User",
    id: `u-${n}`,
    email: `person${n}@example.org`,
    name: `Person ${n}`,
    kind: "USER",
    keys: { __typename: "ApiKeyConnection", totalCount: n },
    status: "ACTIVE",
    departedAt: null,
    consoleRole: null,
    ...overrides,
  };
}

export function groupRow(n: number, overrides: Record<string, unknown> = {}) {
  return {
    __typename: "GroupEmail",
    id: `g-${n}`,
    email: `team${n}@example.org`,
    name: `Team ${n}`,
    kind: "GROUP",
    keys: { __typename: "ApiKeyConnection", totalCount: 3 },
    activeMemberCount: 2,
    healthy: true,
    ...overrides,
  };
}

export function holdersPage(nodes: unknown[], total: number, hasNextPage: boolean) {
  return {
    holders: {
      __typename: "HolderConnection",
      totalCount: total,
      pageInfo: { __typename: "PageInfo", hasNextPage, endCursor: hasNextPage ? "Y3Vyc29y" : null },
      nodes,
    },
  };
}

const collaboration = {
  __typename: "Collaborator",
  id: "c-1",
  role: "BILLING",
  createdAt: "2026-01-01T00:00:00.000Z",
  service: { __typename: "Service", id: "s-1", slug: "parking", name: "Parking", archivedAt: null },
};

/** A list as the API sends a connection's first page: its items and how many there are. */
export function connectionOf(typename: string, nodes: unknown[]) {
  return { __typename: `${typename}Connection`, totalCount: nodes.length, nodes };
}

export function userDetail(overrides: Record<string, unknown> = {}) {
  return {
    holder: {
      __typename: "User",
      id: "u-7",
      email: "ana@example.org",
      name: "Ana",
      kind: "USER",
      createdAt: "2026-01-01T00:00:00.000Z",
      version: 4,
      collaborations: connectionOf("Collaborator", [collaboration, { ...collaboration, id: "c-2", role: "ADMIN" }]),
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
  };
}

export function member(n: number, status = "ACTIVE") {
  return {
    __typename: "User",
    id: `u-${n}`,
    email: `member${n}@example.org`,
    name: `Member ${n}`,
    status,
    departedAt: null,
  };
}

export function groupDetail(overrides: Record<string, unknown> = {}) {
  return {
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
  };
}

export function holderKeys(nodes: unknown[] = [], hasNextPage = false) {
  return {
    holder: {
      __typename: "User",
      id: "u-7",
      keys: {
        __typename: "ApiKeyConnection",
        totalCount: nodes.length + (hasNextPage ? 20 : 0),
        pageInfo: { __typename: "PageInfo", hasNextPage, endCursor: hasNextPage ? "a2V5cw" : null },
        nodes,
      },
    },
  };
}

export function key(n: number) {
  return {
    __typename: "ApiKey",
    id: `k-${n}`,
    name: `key ${n}`,
    prefix: `kh_live_${n}`,
    environment: "PRODUCTION",
    status: "ACTIVE",
    expiresAt: null,
    lastUsedAt: null,
    worksOn: [{ __typename: "Service", id: "s-1", slug: "parking" }],
  };
}

export const noAudit = {
  auditEvents: { __typename: "AuditEventConnection", totalCount: 0, nodes: [] },
};

/** A mutation payload: `{ [field]: value, errors }`, errors without a field unless given one. */
export function payload(mutation: string, field: string, value: unknown, errors: Record<string, unknown>[] = []) {
  return {
    [mutation]: {
      __typename: "Payload",
      [field]: value,
      errors: errors.map((e) => ({ __typename: "UserError", field: null, ...e })),
    },
  };
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
};
