import { randomUUID } from "node:crypto";
import type { TadaDocumentNode } from "@keyholder/graphql";
import { describe, expect, it } from "vitest";
import type { TestDatabase } from "../test-support/database.js";
import { factories } from "../test-support/factories.js";
import { graphql, type TestApi, useTestApi, type VariablesOf } from "../test-support/graphql.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const CREATE_KEY = graphql(`
  mutation CreateKeyErrors($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } errors { field code } } }
`);
const OFFBOARD = graphql(`
  mutation OffboardErrors($input: OffboardUserInput!) {
    offboardUser(input: $input) { offboarding { email } errors { field code } }
  }
`);
const MOVE_ONE = graphql(`
  mutation MoveOneErrors($input: ReassignApiKeyInput!) {
    reassignApiKey(input: $input) { reassignment { toHolderEmail } errors { field code } }
  }
`);
const MOVE_MANY = graphql(`
  mutation MoveManyErrors($input: ReassignApiKeysInput!) {
    reassignApiKeys(input: $input) { reassignment { toHolderEmail } errors { field code } }
  }
`);
const ADD_COLLABORATOR = graphql(`
  mutation AddCollaboratorErrors($input: AddCollaboratorInput!) { addCollaborator(input: $input) { errors { field code } } }
`);

type FieldErrors = { field: string | null; code: string }[];

/** The `{field, code}` of every error a mutation (one field, answering `errors`) answered, in order. */
async function errorsOf<D extends TadaDocumentNode<Record<string, { errors: FieldErrors }>, { input: never }>>(
  document: D,
  variables: VariablesOf<D>,
): Promise<FieldErrors> {
  const res = await api.gql(document, variables);
  expect(res.errors).toBeUndefined();
  const [payload] = Object.values(res.data!);
  return payload!.errors;
}

describe("payload errors list every problem, each at the input field that caused it", () => {
  it("a blank name and a malformed holder id are two errors, and a missing lifespan a third", async () => {
    expect(await errorsOf(CREATE_KEY, { input: { name: "  ", environment: "STAGING", holderId: "nope" } })).toEqual([
      { field: "name", code: "REQUIRED" },
      { field: "holderId", code: "INVALID_ID" },
      { field: "lifespan", code: "REQUIRED" },
    ]);
  });

  it("several malformed ids are reported together, whichever write they reach", async () => {
    const errors = await errorsOf(ADD_COLLABORATOR, {
      input: {
        serviceId: "no-service",
        holderId: "no-holder",
        role: "BILLING",
      },
    });
    expect(errors).toEqual([
      { field: "serviceId", code: "INVALID_ID" },
      { field: "holderId", code: "INVALID_ID" },
    ]);
  });

  it("names offboarding decisions by their place in the list: decisions[3].keyId", async () => {
    const f = factories(db.em());
    const alice = await f.user({ email: "alice@agency.gov.example" });
    const finance = await f.group({ email: "finance@agency.gov.example" });
    const held = await f.key(alice, { name: "held" });
    const someoneElses = await f.key(await f.user(), { name: "not alice's" });
    const malformed = await errorsOf(OFFBOARD, {
      input: {
        userId: alice.id,
        defaultTargetId: "finance",
        decisions: [
          { keyId: held.id, action: "REVOKE" },
          { keyId: "k-1", action: "REVOKE" },
          { keyId: held.id, action: "REASSIGN", toHolderId: "bob" },
        ],
      },
    });
    expect(malformed).toEqual([
      { field: "defaultTargetId", code: "INVALID_ID" },
      { field: "decisions[1].keyId", code: "INVALID_ID" },
      { field: "decisions[2].toHolderId", code: "INVALID_ID" },
    ]);
    const notHeld = await errorsOf(OFFBOARD, {
      input: {
        userId: alice.id,
        defaultTargetId: finance.id,
        decisions: [
          { keyId: held.id, action: "REVOKE" },
          { keyId: randomUUID(), action: "REVOKE" },
          { keyId: held.id, action: "REVOKE" },
          { keyId: someoneElses.id, action: "REVOKE" },
        ],
      },
    });
    expect(notHeld).toEqual([
      { field: "decisions[1].keyId", code: "KEY_NOT_FOUND" },
      { field: "decisions[3].keyId", code: "KEY_NOT_FOUND" },
    ]);
  });

  it("a widening successor named by a decision is refused at that decision's toHolderId", async () => {
    const f = factories(db.em());
    const alice = await f.user({ email: "alice@agency.gov.example" });
    const finance = await f.group({ email: "finance@agency.gov.example" });
    const ops = await f.group({ email: "ops@agency.gov.example" });
    const fines = await f.service({ slug: "fines" });
    await f.collaborator(fines, ops);
    const quiet = await f.key(alice, { name: "quiet" });
    const moved = await f.key(alice, { name: "moved" });
    const errors = await errorsOf(OFFBOARD, {
      input: {
        userId: alice.id,
        defaultTargetId: finance.id,
        decisions: [
          { keyId: quiet.id, action: "REVOKE" },
          { keyId: moved.id, action: "REASSIGN", toHolderId: ops.id },
        ],
      },
    });
    expect(errors).toEqual([{ field: "decisions[1].toHolderId", code: "ACCESS_WOULD_WIDEN" }]);
  });

  it("names keys of a move by their place in `ids`, or as `id` for one key, listing every one that cannot move", async () => {
    const f = factories(db.em());
    const team = await f.group({ email: "team@agency.gov.example" });
    const owner = await f.user();
    const live = await f.key(owner, { name: "live" });
    const revoked = await f.key(owner, { name: "revoked", revokedAt: new Date() });
    const many = await errorsOf(MOVE_MANY, {
      input: {
        ids: [live.id, randomUUID(), revoked.id, "bad"],
        toHolderId: "team",
      },
    });
    expect(many).toEqual([
      { field: "ids[3]", code: "INVALID_ID" },
      { field: "toHolderId", code: "INVALID_ID" },
    ]);
    const missing = await errorsOf(MOVE_MANY, {
      input: {
        ids: [live.id, randomUUID(), revoked.id],
        toHolderId: team.id,
      },
    });
    expect(missing).toEqual([
      { field: "ids[1]", code: "KEY_NOT_FOUND" },
      { field: "ids[2]", code: "KEY_REVOKED" },
    ]);
    const one = await errorsOf(MOVE_ONE, { input: { id: revoked.id, toHolderId: team.id, version: 1 } });
    expect(one).toEqual([{ field: "id", code: "KEY_REVOKED" }]);
  });
});
