import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { TestDatabase } from "../test-support/database.js";
import { factories } from "../test-support/factories.js";
import { type TestApi, useTestApi } from "../test-support/graphql.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const ERRORS = "errors { field code }";
const CREATE_KEY = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } ${ERRORS} } }`;
const OFFBOARD = `mutation($i: OffboardUserInput!) { offboardUser(input: $i) { offboarding { email } ${ERRORS} } }`;
const MOVE_ONE = `mutation($i: ReassignApiKeyInput!) { reassignApiKey(input: $i) { reassignment { toHolderEmail } ${ERRORS} } }`;
const MOVE_MANY = `mutation($i: ReassignApiKeysInput!) { reassignApiKeys(input: $i) { reassignment { toHolderEmail } ${ERRORS} } }`;
const ADD_COLLABORATOR = `mutation($i: AddCollaboratorInput!) { addCollaborator(input: $i) { ${ERRORS} } }`;

/** The `{field, code}` of every error a mutation answered, in order. */
async function errorsOf(document: string, name: string, input: Record<string, unknown>) {
  const res = await api.gql(document, { i: input });
  expect(res.errors).toBeUndefined();
  return res.data?.[name].errors as { field: string | null; code: string }[];
}

describe("payload errors list every problem, each at the input field that caused it", () => {
  it("a blank name and a malformed holder id are two errors, and a missing lifespan a third", async () => {
    expect(
      await errorsOf(CREATE_KEY, "createApiKey", { name: "  ", environment: "STAGING", holderId: "nope" }),
    ).toEqual([
      { field: "name", code: "REQUIRED" },
      { field: "holderId", code: "INVALID_ID" },
      { field: "lifespan", code: "REQUIRED" },
    ]);
  });

  it("several malformed ids are reported together, whichever write they reach", async () => {
    const errors = await errorsOf(ADD_COLLABORATOR, "addCollaborator", {
      serviceId: "no-service",
      holderId: "no-holder",
      role: "BILLING",
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
    const malformed = await errorsOf(OFFBOARD, "offboardUser", {
      userId: alice.id,
      defaultTargetId: "finance",
      decisions: [
        { keyId: held.id, action: "REVOKE" },
        { keyId: "k-1", action: "REVOKE" },
        { keyId: held.id, action: "REASSIGN", toHolderId: "bob" },
      ],
    });
    expect(malformed).toEqual([
      { field: "defaultTargetId", code: "INVALID_ID" },
      { field: "decisions[1].keyId", code: "INVALID_ID" },
      { field: "decisions[2].toHolderId", code: "INVALID_ID" },
    ]);
    const notHeld = await errorsOf(OFFBOARD, "offboardUser", {
      userId: alice.id,
      defaultTargetId: finance.id,
      decisions: [
        { keyId: held.id, action: "REVOKE" },
        { keyId: randomUUID(), action: "REVOKE" },
        { keyId: held.id, action: "REVOKE" },
        { keyId: someoneElses.id, action: "REVOKE" },
      ],
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
    const errors = await errorsOf(OFFBOARD, "offboardUser", {
      userId: alice.id,
      defaultTargetId: finance.id,
      decisions: [
        { keyId: quiet.id, action: "REVOKE" },
        { keyId: moved.id, action: "REASSIGN", toHolderId: ops.id },
      ],
    });
    expect(errors).toEqual([{ field: "decisions[1].toHolderId", code: "ACCESS_WOULD_WIDEN" }]);
  });

  it("names keys of a move by their place in `ids`, or as `id` for one key, listing every one that cannot move", async () => {
    const f = factories(db.em());
    const team = await f.group({ email: "team@agency.gov.example" });
    const owner = await f.user();
    const live = await f.key(owner, { name: "live" });
    const revoked = await f.key(owner, { name: "revoked", revokedAt: new Date() });
    const many = await errorsOf(MOVE_MANY, "reassignApiKeys", {
      ids: [live.id, randomUUID(), revoked.id, "bad"],
      toHolderId: "team",
    });
    expect(many).toEqual([
      { field: "ids[3]", code: "INVALID_ID" },
      { field: "toHolderId", code: "INVALID_ID" },
    ]);
    const missing = await errorsOf(MOVE_MANY, "reassignApiKeys", {
      ids: [live.id, randomUUID(), revoked.id],
      toHolderId: team.id,
    });
    expect(missing).toEqual([
      { field: "ids[1]", code: "KEY_NOT_FOUND" },
      { field: "ids[2]", code: "KEY_REVOKED" },
    ]);
    const one = await errorsOf(MOVE_ONE, "reassignApiKey", { id: revoked.id, toHolderId: team.id, version: 1 });
    expect(one).toEqual([{ field: "id", code: "KEY_REVOKED" }]);
  });
});
