import {
  AddCollaboratorMutation,
  ChangeCollaboratorRoleMutation,
  RemoveCollaboratorMutation,
  type CollaboratorRole as Role,
} from "@keyholder/graphql";
import { answerOf } from "../../../test/render.js";
import { KeysGainedWithBillingQuery, KeysLostWithBillingQuery } from "../service.graphql.js";

/** GraphQL answers for the services screens' tests, shaped as the API sends them. */

export function holder(id: string, email: string, kind: "USER" | "GROUP" = "USER") {
  return kind === "USER"
    ? { __typename: "User", id, email, name: email.split("@")[0], kind, status: "ACTIVE" }
    : { __typename: "GroupEmail", id, email, name: email.split("@")[0], kind };
}

export function collaborator(id: string, role: "ADMIN" | "BILLING" | "VIEWER", h: ReturnType<typeof holder>) {
  return { __typename: "Collaborator", id, role, createdAt: "2025-01-01T00:00:00.000Z", holder: h };
}

/** A list as the API sends a connection's first page: its items and how many there are. */
export function connectionOf(typename: string, nodes: unknown[]) {
  return { __typename: `${typename}Connection`, totalCount: nodes.length, nodes };
}

export const ADA = holder("h-ada", "ada@example.org");
export const TEAM = holder("h-team", "team@example.org", "GROUP");

export function serviceDetail(overrides: Record<string, unknown> = {}) {
  return {
    service: {
      __typename: "Service",
      id: "s-1",
      slug: "parking-fines",
      name: "Parking fines",
      description: "Fines for parking.",
      archivedAt: null,
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-02-01T00:00:00.000Z",
      version: 7,
      workingKeyCount: { __typename: "ApiKeyConnection", totalCount: 3 },
      collaborators: connectionOf("Collaborator", [
        collaborator("c-ada-billing", "BILLING", ADA),
        collaborator("c-team-admin", "ADMIN", TEAM),
      ]),
      ...overrides,
    },
  };
}

export function workingKeys(nodes: unknown[] = []) {
  return {
    service: {
      __typename: "Service",
      id: "s-1",
      workingKeys: {
        __typename: "ApiKeyConnection",
        totalCount: nodes.length,
        pageInfo: { __typename: "PageInfo", hasNextPage: false, endCursor: null },
        nodes,
      },
    },
  };
}

export function key(n: number) {
  return {
    __typename: "ApiKey",
    id: `k-${n}`,
    name: `billing worker ${n}`,
    prefix: `kh_live_abc${n}`,
    environment: "PRODUCTION" as const,
    expiresAt: null,
    lastUsedAt: null,
    holder: { __typename: "User", id: "h-ada", email: "ada@example.org", kind: "USER" },
  };
}

/** The key fields a list of keys that stop or start working names. */
const keyRefs = (keys: ReturnType<typeof key>[]) =>
  keys.map(({ id, name, prefix, environment }) => ({ __typename: "ApiKey", id, name, prefix, environment }));

/** The holder's keys that work on the service, as the remove and change-role dialogs list them. */
export function lostKeys(nodes: ReturnType<typeof key>[], totalCount = nodes.length) {
  return answerOf(KeysLostWithBillingQuery, {
    service: {
      __typename: "Service",
      id: "s-1",
      workingKeys: { __typename: "ApiKeyConnection", totalCount, nodes: keyRefs(nodes) },
    },
  });
}

function collaboratorOf(id: string, role: Role) {
  return {
    __typename: "Collaborator",
    id,
    role,
    createdAt: "2026-01-02T03:04:05.000Z",
    holder: { __typename: "User" as const, id: "h-ada", email: "ada@example.org", kind: "USER" as const },
    service: { __typename: "Service", id: "s-1", slug: "payments" },
  };
}

export function collaboratorPayload(field: "addCollaborator" | "removeCollaborator", id: string, role: Role) {
  const payload = { collaborator: collaboratorOf(id, role), errors: [] };
  return field === "addCollaborator"
    ? answerOf(AddCollaboratorMutation, { addCollaborator: { __typename: "AddCollaboratorPayload", ...payload } })
    : answerOf(RemoveCollaboratorMutation, {
        removeCollaborator: { __typename: "RemoveCollaboratorPayload", ...payload },
      });
}

/** A `changeCollaboratorRole` that went through, with the keys that stopped working. */
export function roleChanged(
  id: string,
  role: Role,
  keysThatStop: ReturnType<typeof key>[] = [],
  keysThatGain: ReturnType<typeof key>[] = [],
) {
  return answerOf(ChangeCollaboratorRoleMutation, {
    changeCollaboratorRole: {
      __typename: "ChangeCollaboratorRolePayload",
      collaborator: collaboratorOf(id, role),
      keysThatStop: keyRefs(keysThatStop),
      keysThatGain: keyRefs(keysThatGain),
      errors: [],
    },
  });
}

/** A `changeCollaboratorRole` refused because keys would stop working. */
export function refusedKeysWouldStop(keys: ReturnType<typeof key>[]) {
  return answerOf(ChangeCollaboratorRoleMutation, {
    changeCollaboratorRole: {
      __typename: "ChangeCollaboratorRolePayload",
      collaborator: null,
      keysThatStop: keyRefs(keys),
      keysThatGain: [],
      errors: [
        {
          __typename: "UserError",
          field: "allowKeysToStop",
          code: "KEYS_WOULD_STOP",
          message: `${keys.length} keys would stop working.`,
        },
      ],
    },
  });
}

/** A `changeCollaboratorRole` to Billing refused because keys would start working there. */
export function refusedAccessWouldWiden(keys: ReturnType<typeof key>[]) {
  return answerOf(ChangeCollaboratorRoleMutation, {
    changeCollaboratorRole: {
      __typename: "ChangeCollaboratorRolePayload",
      collaborator: null,
      keysThatStop: [],
      keysThatGain: keyRefs(keys),
      errors: [
        {
          __typename: "UserError",
          field: "allowWiderAccess",
          code: "ACCESS_WOULD_WIDEN",
          message: `${keys.length} keys would start working.`,
        },
      ],
    },
  });
}

/** The holder's active keys, as the change-role dialog lists them before a Billing role. */
export function gainedKeys(nodes: ReturnType<typeof key>[], totalCount = nodes.length) {
  return answerOf(KeysGainedWithBillingQuery, {
    holder: {
      __typename: "GroupEmail",
      id: "h-team",
      keys: { __typename: "ApiKeyConnection", totalCount, nodes: keyRefs(nodes) },
    },
  });
}
