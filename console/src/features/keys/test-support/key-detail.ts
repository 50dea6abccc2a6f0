import type { WithTypenames } from "../../../test/render.js";
import type { KeyDetail } from "../key.graphql.js";

/** A key as the `Key` query answers it, for component tests; `overrides` replace top-level fields. */
export function keyDetail(overrides: Partial<WithTypenames<KeyDetail>> = {}): WithTypenames<KeyDetail> {
  return {
    __typename: "ApiKey",
    id: "k-1",
    name: "billing-worker",
    prefix: "kh_live_abc123",
    verifiable: true,
    importedAt: null,
    environment: "PRODUCTION",
    status: "ACTIVE",
    version: 3,
    createdAt: "2025-01-02T10:00:00.000Z",
    expiresAt: null,
    lastUsedAt: null,
    rotatedAt: null,
    previousPrefix: null,
    previousSecretExpiresAt: null,
    revokedAt: null,
    revokedReason: null,
    suspendedAt: null,
    suspendedReason: null,
    createdBy: { __typename: "User", id: "u-9", email: "ops@example.org" },
    revokedBy: null,
    holder: {
      __typename: "User",
      id: "u-2",
      email: "alice@example.org",
      name: "Alice",
      kind: "USER",
      status: "ACTIVE",
      departedAt: null,
    },
    worksOn: [
      { __typename: "Service", id: "s-1", slug: "parking", name: "Parking" },
      { __typename: "Service", id: "s-2", slug: "fines", name: "Fines" },
    ],
    custody: [
      {
        __typename: "CustodyPeriod",
        holderId: "u-2",
        holderEmail: "alice@example.org",
        from: "2025-01-02T10:00:00.000Z",
        to: null,
        assignedBy: "ops@example.org",
        reason: null,
      },
    ],
    history: {
      __typename: "AuditEventConnection",
      totalCount: 1,
      pageInfo: { __typename: "PageInfo", hasNextPage: false, endCursor: "ZS0x" },
      nodes: [
        {
          __typename: "AuditEvent",
          id: "e-1",
          action: "api_key.created",
          actorLabel: "ops@example.org",
          occurredAt: "2025-01-02T10:00:00.000Z",
          reason: null,
          before: null,
          after: { holder: "alice@example.org" },
        },
      ],
    },
    ...overrides,
  };
}
