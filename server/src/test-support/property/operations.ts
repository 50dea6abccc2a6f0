import fc from "fast-check";
import { KeyLifespan } from "../../modules/api-key/api-key.inputs.js";
import { Environment } from "../../modules/api-key/environment.js";
import type { TestDatabase } from "../database.js";
import { graphql, type TestApi, UserErrorFields } from "../graphql.js";
import { CREATE_KEY, REVOKE_KEY, ROTATE_KEY } from "../keys.js";
import { lookup, pick } from "./lookup.js";
import { type Offboard, offboardArb, runOffboard } from "./offboard.js";
import { type Outcome, type Payload, payloadOf, secretCheckedClient, statusOf } from "./outcome.js";
import { nextKeyName, type RunState, rarely } from "./world.js";

/** Indexes into the lists of `lookup`, taken modulo their length when the step runs. */
const index = fc.nat({ max: 15 });

/** One operation an operator might send, described by indexes so that it shrinks well. */
export type Operation =
  | { kind: "create"; holder: number; environment: Environment; lifespan: KeyLifespan }
  | { kind: "rotate"; key: number; overlapHours: 0 | 1; staleVersion: boolean }
  | { kind: "revoke"; key: number }
  | { kind: "reassign"; key: number; to: number; keepAccess: boolean; allowWiderAccess: boolean; staleVersion: boolean }
  | { kind: "reassignMany"; keys: number[]; to: number; keepAccess: boolean; allowWiderAccess: boolean }
  | { kind: "addBilling"; service: number; holder: number }
  | { kind: "removeCollaborator"; collaborator: number }
  | Offboard
  | { kind: "replayOffboarding" };

export const operationArb: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constant("create"),
    holder: index,
    environment: fc.constantFrom(Environment.PRODUCTION, Environment.STAGING),
    lifespan: fc.constantFrom(KeyLifespan.NEVER, KeyLifespan.DAYS_30, KeyLifespan.DAYS_365),
  }),
  fc.record({
    kind: fc.constant("rotate"),
    key: index,
    overlapHours: fc.constantFrom(0 as const, 1 as const),
    staleVersion: rarely,
  }),
  fc.record({ kind: fc.constant("revoke"), key: index }),
  fc.record({
    kind: fc.constant("reassign"),
    key: index,
    to: index,
    keepAccess: fc.boolean(),
    allowWiderAccess: fc.boolean(),
    staleVersion: rarely,
  }),
  fc.record({
    kind: fc.constant("reassignMany"),
    keys: fc.array(index, { maxLength: 3 }),
    to: index,
    keepAccess: fc.boolean(),
    allowWiderAccess: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("addBilling"), service: index, holder: index }),
  fc.record({ kind: fc.constant("removeCollaborator"), collaborator: index }),
  // Offboarding is what the invariants are mostly about: give it more of the steps.
  { weight: 3, arbitrary: offboardArb.map((o) => ({ ...o, dryRun: false })) },
  offboardArb.map((o) => ({ ...o, dryRun: true })),
  fc.record({ kind: fc.constant("replayOffboarding") }),
) as fc.Arbitrary<Operation>;

/** What the model reads of a move: services as `{ slug }` only, which the checked client turns into slugs. */
const MovedKeys = graphql(`
  fragment MovedKeys on Reassignment @_unmask {
    keys { keyId servicesBefore { slug } servicesAfter { slug } gained { slug } }
    otherKeysGaining { keyId gained { slug } }
  }
`);
const REASSIGN_ONE = graphql(
  `mutation ModelReassignKey($input: ReassignApiKeyInput!) {
    reassignApiKey(input: $input) { reassignment { ...MovedKeys } errors { ...UserErrorFields } }
  }`,
  [MovedKeys, UserErrorFields],
);
const REASSIGN_MANY = graphql(
  `mutation ModelReassignKeys($input: ReassignApiKeysInput!) {
    reassignApiKeys(input: $input) { reassignment { ...MovedKeys } errors { ...UserErrorFields } }
  }`,
  [MovedKeys, UserErrorFields],
);
const ADD_COLLABORATOR = graphql(
  `mutation ModelAddCollaborator($input: AddCollaboratorInput!) {
    addCollaborator(input: $input) { collaborator { id } errors { ...UserErrorFields } }
  }`,
  [UserErrorFields],
);
const REMOVE_COLLABORATOR = graphql(
  `mutation ModelRemoveCollaborator($input: RemoveCollaboratorInput!) {
    removeCollaborator(input: $input) { collaborator { id } errors { ...UserErrorFields } }
  }`,
  [UserErrorFields],
);

/** Applies one operation through the GraphQL API as an ADMIN and says what it did. */
export async function applyOperation(db: TestDatabase, api: TestApi, state: RunState, op: Operation): Promise<Outcome> {
  const world = await lookup(db);
  const gql = secretCheckedClient(api, state.secrets);
  switch (op.kind) {
    case "create": {
      const holder = pick(world.holders, op.holder);
      if (!holder) return { status: "skipped" };
      const input = {
        name: nextKeyName(state),
        holderId: holder.id,
        environment: op.environment,
        lifespan: op.lifespan,
      };
      const payload = payloadOf(await gql(CREATE_KEY, { input }), "createApiKey");
      return remember(state, payload);
    }
    case "rotate": {
      const key = pick(world.keys, op.key);
      if (!key) return { status: "skipped" };
      const version = op.staleVersion ? key.version + 1 : key.version;
      const input = { id: key.id, overlapHours: op.overlapHours, version };
      return remember(state, payloadOf(await gql(ROTATE_KEY, { input }), "rotateApiKey"));
    }
    case "revoke": {
      const key = pick(world.keys, op.key);
      if (!key) return { status: "skipped" };
      const payload = payloadOf(await gql(REVOKE_KEY, { input: { id: key.id, reason: "test" } }), "revokeApiKey");
      // Revoking a revoked key succeeds and changes nothing.
      return key.revoked && !payload.errors.length ? { status: "unchanged" } : statusOf(payload);
    }
    case "reassign": {
      const key = pick(world.keys, op.key);
      const to = pick(world.holders, op.to);
      if (!key || !to) return { status: "skipped" };
      const version = op.staleVersion ? key.version + 1 : key.version;
      const input = {
        id: key.id,
        toHolderId: to.id,
        keepAccess: op.keepAccess,
        allowWiderAccess: op.allowWiderAccess,
        version,
      };
      return moved(payloadOf(await gql(REASSIGN_ONE, { input }), "reassignApiKey"), op);
    }
    case "reassignMany": {
      const to = pick(world.holders, op.to);
      if (!to) return { status: "skipped" };
      const ids = [...new Set(op.keys.flatMap((k) => pick(world.keys, k)?.id ?? []))];
      const input = { ids, toHolderId: to.id, keepAccess: op.keepAccess, allowWiderAccess: op.allowWiderAccess };
      return moved(payloadOf(await gql(REASSIGN_MANY, { input }), "reassignApiKeys"), op);
    }
    case "addBilling": {
      const service = pick(world.services, op.service);
      const holder = pick(world.holders, op.holder);
      if (!service || !holder) return { status: "skipped" };
      const input = { serviceId: service.id, holderId: holder.id, role: "BILLING" } as const;
      return statusOf(payloadOf(await gql(ADD_COLLABORATOR, { input }), "addCollaborator"));
    }
    case "removeCollaborator": {
      const collaborator = pick(world.collaborators, op.collaborator);
      if (!collaborator) return { status: "skipped" };
      return statusOf(
        payloadOf(await gql(REMOVE_COLLABORATOR, { input: { id: collaborator.id } }), "removeCollaborator"),
      );
    }
    default:
      return runOffboard(db, api, state, world, op);
  }
}

function remember(state: RunState, payload: Payload): Outcome {
  const secret = payload.secret as string | null;
  const key = payload.apiKey as { id: string } | null;
  if (secret && key) {
    state.secrets.push(secret);
    state.secretOf.set(key.id, secret);
  }
  return statusOf(payload);
}

function moved(payload: Payload, op: { keepAccess: boolean; allowWiderAccess: boolean }): Outcome {
  const result = payload.reassignment as {
    keys: { keyId: string; servicesBefore: string[]; servicesAfter: string[]; gained: string[] }[];
    otherKeysGaining: { keyId: string; gained: string[] }[];
  };
  if (!result) return statusOf(payload);
  const { keepAccess, allowWiderAccess } = op;
  // What the operator saw and allowed: each key that the result says gains services.
  const gaining = [...result.keys, ...result.otherKeysGaining].filter((k) => k.gained.length);
  const listed = new Map(gaining.map((k) => [k.keyId, k.gained]));
  return {
    ...statusOf(payload),
    moved: result.keys.map(({ keyId, servicesBefore, servicesAfter }) => ({
      keyId,
      servicesBefore,
      servicesAfter,
      keepAccess,
    })),
    widening: { allowWiderAccess, listed },
  };
}
