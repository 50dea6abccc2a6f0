import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { KeyholderClient } from "../src/index.js";
import { startServer } from "./keyholder-process.js";

const { adminToken, databaseEnv } = inject("keyholder");

// A second server on the same database, whose API allows 2 requests per second per token: the
// client meets real 429 answers with a real Retry-After. (An embedded PostgreSQL has one server.)
const shared = Boolean(databaseEnv.DATABASE_URL);
let server: { url: string; stop(): Promise<void> } | undefined;

beforeAll(async () => {
  if (shared) server = await startServer({ ...databaseEnv, API_RATE_LIMIT: "2", API_RATE_LIMIT_WINDOW_SECONDS: "1" });
});
afterAll(async () => {
  await server?.stop();
});

/** The global fetch, noting the status of every answer: what went over the wire, nothing changed. */
function recordingFetch(statuses: number[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    statuses.push(response.status);
    return response;
  };
}

describe.runIf(shared)("against a server whose rate limit is low", () => {
  it("waits out each 429's Retry-After and gets every answer, mutations without an idempotency key included", async () => {
    const statuses: number[] = [];
    const client = new KeyholderClient({ url: server?.url ?? "", token: adminToken, fetch: recordingFetch(statuses) });
    const slugs: string[] = [];
    for (let i = 0; i < 6; i++) slugs.push((await client.service("rent-payments"))?.slug ?? "");
    expect(slugs).toEqual(Array(6).fill("rent-payments"));
    const group = await client.holder("estate-finance@housing.gov.example");
    const user = await client.holder("uma.pillai@housing.gov.example");
    if (!group || !user) throw new Error("demo data missing");
    await client.addGroupMember({ groupId: group.id, userId: user.id });
    const left = await client.removeGroupMember({ groupId: group.id, userId: user.id });
    expect(left.email).toBe(group.email);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
  });

  it("with retries off, reports RATE_LIMITED with the status and the request id", async () => {
    const client = new KeyholderClient({ url: server?.url ?? "", token: adminToken, retry: { retries: 0 } });
    const answers = await Promise.allSettled([1, 2, 3, 4].map(() => client.service("rent-payments")));
    const refused = answers.find((a) => a.status === "rejected");
    expect(refused?.status).toBe("rejected");
    expect((refused as PromiseRejectedResult).reason).toMatchObject({
      code: "RATE_LIMITED",
      status: 429,
      source: "api",
    });
    expect((refused as PromiseRejectedResult).reason.requestId).toMatch(/\S/);
  });
});
