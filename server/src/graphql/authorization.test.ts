import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyholderSchema } from "../composition/schema.js";
import { Role } from "../shared/role.js";
import { createTestDatabase, type TestDatabase } from "../test-support/database.js";
import { createTestApi, type GqlClient, type TestApi } from "../test-support/graphql.js";
import { operationText, requiredArgs, rootFields, sampleValue } from "../test-support/schema-samples.js";

/**
 * Who may call each operation: the least role, or PUBLIC. Every Query and Mutation field must
 * be listed; a new operation without an entry fails this test until someone decides.
 */
const EXPECTED: Record<string, Role | "PUBLIC"> = {
  // Queries: everything is readable by any signed-in account.
  "Query.me": Role.VIEWER,
  "Query.holders": Role.VIEWER,
  "Query.holder": Role.VIEWER,
  "Query.holderByEmail": Role.VIEWER,
  "Query.users": Role.VIEWER,
  "Query.user": Role.VIEWER,
  "Query.groupEmails": Role.VIEWER,
  "Query.groupEmail": Role.VIEWER,
  "Query.services": Role.VIEWER,
  "Query.service": Role.VIEWER,
  "Query.serviceBySlug": Role.VIEWER,
  "Query.apiKeys": Role.VIEWER,
  "Query.apiKey": Role.VIEWER,
  "Query.auditEvents": Role.VIEWER,
  "Query.auditEntries": Role.VIEWER,
  "Query.auditEntry": Role.VIEWER,
  // Each type's own rule applies inside: what a caller may not see is null.
  "Query.node": Role.VIEWER,
  "Query.nodes": Role.VIEWER,
  "Query.accessTokens": Role.VIEWER,
  "Query.verifyApiKey": Role.VIEWER,
  "Query.diagnoseApiKey": Role.VIEWER,
  "Query.reassignmentPreview": Role.VIEWER,
  "Query.offboardingPlan": Role.VIEWER,
  "Query.risks": Role.VIEWER,
  "Query.leaverCases": Role.VIEWER,
  "Query.openLeaverCaseCount": Role.VIEWER,
  "Query.scimClients": Role.ADMIN,
  "Query.outbox": Role.VIEWER,
  "Query.noticeCategories": Role.VIEWER,
  // Webhook endpoints and their deliveries: a receiver's URL may carry its own credentials.
  "Query.webhookEndpoints": Role.ADMIN,
  "Query.webhookEventTypes": Role.ADMIN,
  "Query.webhookDeliveries": Role.ADMIN,
  // Your own account.
  "Query.signInMethods": "PUBLIC",
  "Mutation.signIn": "PUBLIC",
  "Mutation.signOut": Role.VIEWER,
  "Mutation.changePassword": Role.VIEWER,
  "Mutation.createAccessToken": Role.VIEWER,
  "Mutation.revokeAccessToken": Role.VIEWER,
  // The model.
  "Mutation.createUser": Role.OPERATOR,
  "Mutation.importInventory": Role.OPERATOR,
  "Mutation.updateUser": Role.OPERATOR,
  "Mutation.createGroupEmail": Role.OPERATOR,
  "Mutation.updateGroupEmail": Role.OPERATOR,
  "Mutation.addGroupMember": Role.OPERATOR,
  "Mutation.removeGroupMember": Role.OPERATOR,
  "Mutation.createService": Role.OPERATOR,
  "Mutation.updateService": Role.OPERATOR,
  "Mutation.archiveService": Role.OPERATOR,
  "Mutation.restoreService": Role.OPERATOR,
  "Mutation.addCollaborator": Role.OPERATOR,
  "Mutation.removeCollaborator": Role.OPERATOR,
  "Mutation.changeCollaboratorRole": Role.OPERATOR,
  // Keys.
  "Mutation.createApiKey": Role.OPERATOR,
  "Mutation.rotateApiKey": Role.OPERATOR,
  "Mutation.revokeApiKey": Role.OPERATOR,
  "Mutation.updateApiKey": Role.OPERATOR,
  "Mutation.reassignApiKey": Role.OPERATOR,
  "Mutation.reassignApiKeys": Role.OPERATOR,
  "Mutation.revokeApiKeys": Role.OPERATOR,
  "Mutation.suspendApiKey": Role.OPERATOR,
  "Mutation.resumeApiKey": Role.OPERATOR,
  "Mutation.endApiKeyOverlap": Role.OPERATOR,
  "Mutation.offboardUser": Role.OPERATOR,
  // Accounts.
  "Mutation.setConsoleAccess": Role.ADMIN,
  "Mutation.resetConsolePassword": Role.ADMIN,
  "Mutation.issueScimToken": Role.ADMIN,
  "Mutation.revokeScimToken": Role.ADMIN,
  // Notices and webhooks, for the whole organisation.
  "Mutation.setNoticeCategory": Role.ADMIN,
  "Mutation.createWebhookEndpoint": Role.ADMIN,
  "Mutation.deleteWebhookEndpoint": Role.ADMIN,
  "Mutation.redeliverWebhook": Role.ADMIN,
};

const RANK = { PUBLIC: 0, [Role.VIEWER]: 1, [Role.OPERATOR]: 2, [Role.ADMIN]: 3 } as const;

let db: TestDatabase;
let api: TestApi;
let operations: {
  name: string;
  text: string;
  variables: Record<string, unknown>;
  expected: Role | "PUBLIC" | undefined;
}[];

beforeAll(async () => {
  db = await createTestDatabase();
  api = await createTestApi(db);
  operations = rootFields(await keyholderSchema()).map(({ kind, name, field }) => {
    const args = requiredArgs(field);
    const variables = Object.fromEntries(args.map((a) => [a.name, sampleValue(a.type)]));
    return { name, text: operationText(kind, field, args), variables, expected: EXPECTED[name] };
  });
});
afterAll(async () => {
  await api.close();
  await db.drop();
});

describe("authorization", () => {
  it("every Query and Mutation field has an expected outcome per role", () => {
    const missing = operations.filter((o) => o.expected === undefined).map((o) => o.name);
    expect(missing).toEqual([]);
    const stale = Object.keys(EXPECTED).filter((name) => !operations.some((o) => o.name === name));
    expect(stale).toEqual([]);
  });

  const callers: [string, number, (api: TestApi) => GqlClient][] = [
    ["anonymous", 0, (a) => a.anonymous],
    ["VIEWER", 1, (a) => a.as(Role.VIEWER)],
    ["OPERATOR", 2, (a) => a.as(Role.OPERATOR)],
    ["ADMIN", 3, (a) => a.as(Role.ADMIN)],
  ];
  for (const [label, rank, client] of callers) {
    it(`${label} gets exactly the operations its role allows`, async () => {
      const outcomes: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const op of operations) {
        if (op.expected === undefined) continue;
        const res = await client(api)(op.text, op.variables);
        const codes = (res.errors ?? []).map((e) => e.extensions?.code);
        const denied = codes.find((c) => c === "UNAUTHENTICATED" || c === "FORBIDDEN");
        outcomes[op.name] = denied ?? "allowed";
        expected[op.name] = rank >= RANK[op.expected] ? "allowed" : rank === 0 ? "UNAUTHENTICATED" : "FORBIDDEN";
        // An allowed operation must not fail for a reason that hides a broken check.
        if (!denied)
          expect(
            codes.filter((c) => c === "INTERNAL_SERVER_ERROR"),
            op.name,
          ).toEqual([]);
      }
      expect(outcomes).toEqual(expected);
    });
  }
});
