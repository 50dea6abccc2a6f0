import { parse } from "gql.tada";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { graphql, idempotencyKeyOf, KeyholderClient, KeyholderError, type TadaDocumentNode } from "../src/index.js";
import { FlakyProxy } from "./flaky-proxy.js";

const { url, adminToken, viewerToken } = inject("keyholder");
const client = new KeyholderClient({ url, token: adminToken });

describe("errors", () => {
  it("a bad token is UNAUTHENTICATED (HTTP 401) on GraphQL and on the verify route, and is not retried", async () => {
    const proxy = await new FlakyProxy(url).start();
    try {
      const stranger = new KeyholderClient({ url: proxy.url, token: "khp_not_a_real_token", retry: { minDelayMs: 1 } });
      const refused = await stranger.holder("anyone@example.org").catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(KeyholderError);
      expect(refused).toMatchObject({ source: "api", code: "UNAUTHENTICATED", status: 401, operation: "Holder" });
      await expect(stranger.verify({ secret: "kh_live_x", service: "parking-fines" })).rejects.toMatchObject({
        code: "UNAUTHENTICATED",
        status: 401,
      });
      expect(proxy.seen).toHaveLength(2);
    } finally {
      await proxy.stop();
    }
  });

  it("a role that may not change anything gets FORBIDDEN as a top-level error", async () => {
    const viewer = new KeyholderClient({ url, token: viewerToken });
    const finance = await viewer.holder("finance-team@transport.gov.example");
    expect(finance?.email).toBe("finance-team@transport.gov.example");
    await expect(
      viewer.createKey({ name: "nope", environment: "STAGING", holderId: finance?.id ?? "", lifespan: "DAYS_30" }),
    ).rejects.toMatchObject({ source: "api", code: "FORBIDDEN" });
  });

  it("runs a raw typed document, and reports an invalid one with its GraphQL code", async () => {
    const Me = graphql(`
      query Me {
        me {
          role
          credentialKind
          user {
            email
          }
        }
      }
    `);
    const { me } = await client.request(Me);
    expect(me).toEqual({ role: "ADMIN", credentialKind: "TOKEN", user: { email: "client-admin@example.org" } });

    // Written without graphql(), so that the unknown field gets past the type checker to the server.
    const Bogus = parse("query Bogus { me { shoeSize } }") as unknown as TadaDocumentNode<
      unknown,
      Record<string, never>
    >;
    await expect(client.request(Bogus)).rejects.toMatchObject({ code: "GRAPHQL_VALIDATION_FAILED", status: 400 });
  });
});

describe("retries", () => {
  let proxy: FlakyProxy;
  let flaky: KeyholderClient;

  beforeAll(async () => {
    proxy = await new FlakyProxy(url).start();
    flaky = new KeyholderClient({
      url: proxy.url,
      token: adminToken,
      retry: { retries: 3, minDelayMs: 5, maxDelayMs: 20 },
    });
  });
  afterAll(async () => {
    await proxy.stop();
  });
  beforeEach(() => {
    proxy.seen.length = 0;
  });

  it("retries a query after 5xx answers and a dropped connection, then answers", async () => {
    proxy.failNext("503", "drop", "503");
    const holder = await flaky.holder("finance-team@transport.gov.example");
    expect(holder?.email).toBe("finance-team@transport.gov.example");
    expect(proxy.count("Holder")).toBe(4);
  });

  it("gives up after the configured retries with a transient error", async () => {
    proxy.failNext("503", "503", "503", "503");
    const failed = await flaky.holder("finance-team@transport.gov.example").catch((error: unknown) => error);
    expect(failed).toMatchObject({ source: "http", code: "HTTP_ERROR", status: 503, transient: true });
    expect(proxy.count("Holder")).toBe(4);
  });

  it("sends a mutation without an idempotency key once, even when it fails", async () => {
    const finance = await client.holder("finance-team@transport.gov.example");
    proxy.failNext("503");
    const failed = await flaky
      .createKey({ name: "sent once", environment: "STAGING", holderId: finance?.id ?? "", lifespan: "DAYS_30" })
      .catch((error: unknown) => error);
    expect(failed).toMatchObject({ code: "HTTP_ERROR", status: 503 });
    proxy.failNext("drop");
    await expect(
      flaky.createKey({ name: "sent once", environment: "STAGING", holderId: finance?.id ?? "", lifespan: "DAYS_30" }),
    ).rejects.toMatchObject({ source: "network", code: "NETWORK_ERROR" });
    expect(proxy.count("CreateApiKey")).toBe(2);
  });

  it("retries offboardUser sent with an idempotency key, which then acts once", async () => {
    const leaver = await client.holder("oliver.seah@health.gov.example");
    const target = await client.holder("vaccination-ops@health.gov.example");
    const input = {
      userId: leaver?.id ?? "",
      defaultTargetId: target?.id,
      idempotencyKey: await idempotencyKeyOf("client-test-retry", "oliver.seah@health.gov.example"),
    };
    // The first attempt reaches the server and its answer is lost; the retry replays it.
    proxy.failNext("503", "drop");
    const done = await flaky.offboardUser(input);
    expect(done.dryRun).toBe(false);
    expect(proxy.count("OffboardUser")).toBe(3);
    const again = await flaky.offboardUser(input);
    expect(again.replayed).toBe(true);
    expect(again.keys).toEqual(done.keys);
  });

  it("retries createKey sent with an idempotency key: one key, and the replay says its secret was shown", async () => {
    const finance = await client.holder("finance-team@transport.gov.example");
    const input = {
      name: "created once",
      environment: "STAGING" as const,
      holderId: finance?.id ?? "",
      lifespan: "DAYS_30" as const,
      idempotencyKey: await idempotencyKeyOf("client-test-create", "created once"),
    };
    // The first attempt reaches the server and its answer is lost; the retry answers the key it created.
    proxy.failNext("lose");
    const lost = await flaky.createKey(input);
    expect(proxy.count("CreateApiKey")).toBe(2);
    expect(lost).toMatchObject({ replayed: true, secret: null, apiKey: { name: "created once" } });
    const again = await flaky.createKey(input);
    expect(again.apiKey.id).toBe(lost.apiKey.id);
    const refused = await flaky.createKey({ ...input, name: "created twice" }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ source: "payload", code: "IDEMPOTENCY_KEY_REUSED", field: "idempotencyKey" });
  });

  it("asks again after a 429's Retry-After, even a mutation sent once, since the server did nothing", async () => {
    const finance = await client.holder("finance-team@transport.gov.example");
    proxy.failNext("429");
    const started = Date.now();
    const created = await flaky.createKey({
      name: "after the rate limit",
      environment: "STAGING",
      holderId: finance?.id ?? "",
      lifespan: "DAYS_30",
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(created.secret).toMatch(/^kh_test_/);
    expect(proxy.count("CreateApiKey")).toBe(2);
    proxy.failNext("429");
    expect((await flaky.verify({ secret: "kh_live_nonsense", service: "parking-fines" })).reason).toBe("MALFORMED");
  });

  it("reports a 429 whose Retry-After is longer than it may wait as RATE_LIMITED, at once", async () => {
    const impatient = new KeyholderClient({
      url: proxy.url,
      token: adminToken,
      retry: { retries: 3, minDelayMs: 5, maxDelayMs: 20, maxRateLimitWaitMs: 500 },
    });
    proxy.failNext("429");
    const refused = await impatient.holder("finance-team@transport.gov.example").catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "RATE_LIMITED", status: 429 });
    expect(proxy.count("Holder")).toBe(1);
  });

  it("retries verification and the export, which change nothing", async () => {
    proxy.failNext("503");
    expect((await flaky.verify({ secret: "kh_live_nonsense", service: "parking-fines" })).reason).toBe("MALFORMED");
    proxy.failNext("drop");
    const csv = await new Response(await flaky.exportKeysCsv()).text();
    expect(csv.split("\r\n")[0]).toBe(
      "key_id,name,environment,status,prefix,holder,holder_kind,holder_status,works_on,last_used_at,expires_at",
    );
    expect(proxy.seen.map((s) => s.path)).toEqual([
      "/v1/keys/verify",
      "/v1/keys/verify",
      "/v1/exports/keys.csv",
      "/v1/exports/keys.csv",
    ]);
  });

  it("stops waiting for a retry when the caller aborts", async () => {
    const patient = new KeyholderClient({
      url: proxy.url,
      token: adminToken,
      retry: { minDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    proxy.failNext("drop", "drop");
    const controller = new AbortController();
    const pending = patient.holder("finance-team@transport.gov.example", { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("caller gave up")), 200);
    await expect(pending).rejects.toThrow("caller gave up");
  });
});

describe("the ownership export", () => {
  it("streams one CSV row per key", async () => {
    const csv = await new Response(await client.exportKeysCsv()).text();
    const rows = csv.trimEnd().split("\r\n");
    const { apiKeys } = await client.request(graphql("query CountKeys { apiKeys(first: 0) { totalCount } }"));
    expect(rows.length - 1).toBe(apiKeys.totalCount);
  });
});
