import {
  AddCollaboratorMutation,
  ChangeCollaboratorRoleMutation,
  RemoveCollaboratorMutation,
  type CollaboratorRole as Role,
} from "@keyholder/graphql";
import { connectionOf } from "../../../test/connection.js";
import { payloadOf, type UserErrorAnswer } from "../../../test/payload.js";
import { answerOf, type WithTypenames } from "../../../test/render.js";
import { keyRow, keyRowPage } from "../../keys/test-support/key-rows.js";
import {
  type CollaboratorRow,
  KeysGainedWithBillingQuery,
  KeysLostWithBillingQuery,
  type ServiceDetail,
  ServiceDetailQuery,
  ServiceWorkingKeysQuery,
} from "../service.graphql.js";

/** GraphQL answers for the services screens' tests, typed by their documents. */

export function holder(id: string, email: string, kind: "USER" | "GROUP" = "USER") {
  const name = email.split("@")[0] ?? email;
  return kind === "USER"
    ? { __typename: "User" as const, id, email, name, kind, status: "ACTIVE" as const }
    : { __typename: "GroupEmail" as const, id, email, name, kind };
}

export function collaborator(id: string, role: Role, h: ReturnType<typeof holder>) {
  return {
    __typename: "Collaborator",
    id,
    role,
    createdAt: "2025-01-01T00:00:00.000Z",
    holder: h,
  } satisfies WithTypenames<CollaboratorRow>;
}

export const ADA = holder("h-ada", "ada@example.org");
export const TEAM = holder("h-team", "team@example.org", "GROUP");

/** Parking-fines as the `ServiceDetail` query reads it: live, with Ada on Billing and the team as Admin. */
export function serviceOf(overrides: Partial<WithTypenames<ServiceDetail>> = {}) {
  return {
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
  } satisfies WithTypenames<ServiceDetail>;
}

/** The `ServiceDetail` answer: `serviceOf(overrides)`. */
export const serviceDetail = (overrides: Partial<WithTypenames<ServiceDetail>> = {}) =>
  answerOf(ServiceDetailQuery, { service: serviceOf(overrides) });

/** The `ServiceWorkingKeys` answer: these keys work on the service, all on one page. */
export function workingKeys(nodes: ReturnType<typeof key>[] = []) {
  return answerOf(ServiceWorkingKeysQuery, {
    service: { __typename: "Service", id: "s-1", workingKeys: keyRowPage(nodes) },
  });
}

/** Key `n`, a billing worker Ada holds, as the keys lists show it. */
export function key(n: number) {
  return keyRow(n, {
    name: `billing worker ${n}`,
    prefix: `kh_live_abc${n}`,
    lastUsedAt: null,
    holder: { __typename: "User", id: "h-ada", email: "ada@example.org", name: "ada", kind: "USER", status: "ACTIVE" },
  });
}

/** The key fields a list of keys that stop or start working names. */
const keyRefs = (keys: ReturnType<typeof key>[]) =>
  keys.map(({ id, name, prefix, environment }) => ({ __typename: "ApiKey", id, name, prefix, environment }));

/** The first `nodes` of `totalCount` keys, as a list of keys that stop or start working names them. */
const keyRefList = (nodes: ReturnType<typeof key>[], totalCount: number) => ({
  __typename: "ApiKeyConnection",
  totalCount,
  nodes: keyRefs(nodes),
});

/** The holder's keys that work on the service, as the remove and change-role dialogs list them. */
export const lostKeys = (nodes: ReturnType<typeof key>[], totalCount = nodes.length) =>
  answerOf(KeysLostWithBillingQuery, {
    service: { __typename: "Service", id: "s-1", workingKeys: keyRefList(nodes, totalCount) },
  });

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

/** An `addCollaborator` or `removeCollaborator` that went through. */
export function collaboratorPayload(field: "addCollaborator" | "removeCollaborator", id: string, role: Role) {
  const payload = { collaborator: collaboratorOf(id, role) };
  return field === "addCollaborator"
    ? payloadOf(AddCollaboratorMutation, payload)
    : payloadOf(RemoveCollaboratorMutation, payload);
}

/** A `changeCollaboratorRole` answer: the collaborator changed (or null), the keys named, any errors. */
function roleChange(
  collaborator: ReturnType<typeof collaboratorOf> | null,
  keysThatStop: ReturnType<typeof key>[],
  keysThatGain: ReturnType<typeof key>[],
  errors: UserErrorAnswer[] = [],
) {
  return payloadOf(
    ChangeCollaboratorRoleMutation,
    { collaborator, keysThatStop: keyRefs(keysThatStop), keysThatGain: keyRefs(keysThatGain) },
    errors,
  );
}

/** A `changeCollaboratorRole` that went through, with the keys that stopped or started working. */
export const roleChanged = (
  id: string,
  role: Role,
  keysThatStop: ReturnType<typeof key>[] = [],
  keysThatGain: ReturnType<typeof key>[] = [],
) => roleChange(collaboratorOf(id, role), keysThatStop, keysThatGain);

/** A `changeCollaboratorRole` refused with `error`, naming no key. */
export const roleChangeRefused = (error: UserErrorAnswer) => roleChange(null, [], [], [error]);

/** A `changeCollaboratorRole` refused because keys would stop working. */
export const refusedKeysWouldStop = (keys: ReturnType<typeof key>[]) =>
  roleChange(
    null,
    keys,
    [],
    [{ field: "allowKeysToStop", code: "KEYS_WOULD_STOP", message: `${keys.length} keys would stop working.` }],
  );

/** A `changeCollaboratorRole` to Billing refused because keys would start working there. */
export const refusedAccessWouldWiden = (keys: ReturnType<typeof key>[]) =>
  roleChange(null, [], keys, [
    { field: "allowWiderAccess", code: "ACCESS_WOULD_WIDEN", message: `${keys.length} keys would start working.` },
  ]);

/** The holder's active keys, as the change-role dialog lists them before a Billing role. */
export const gainedKeys = (nodes: ReturnType<typeof key>[], totalCount = nodes.length) =>
  answerOf(KeysGainedWithBillingQuery, {
    holder: { __typename: "GroupEmail", id: "h-team", keys: keyRefList(nodes, totalCount) },
  });
