import { randomUUID } from "node:crypto";
import pg from "pg";

/** What one operation of the soak came to: an error code, or none. */
export interface Outcome {
  operation: string;
  error?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON whose shape each operation reads.
type Json = Record<string, any>;

interface IssuedKey {
  id: string;
  secret: string;
}

const KEYS_PAGE = `query($filter: ApiKeyFilter) { apiKeys(first: 50, filter: $filter) {
  totalCount nodes { id name status holder { email } worksOn { slug } } } }`;
const HOLDERS = `query($search: String) { holders(first: 50, filter: {search: $search}) { nodes { id email } } }`;
const RISKS = `{ risks(first: 5) { keysHeldByDepartedUsers { count items { title } }
  productionKeysHeldByIndividuals { count } groupEmailsWithFewMembers { count } } }`;
const CREATE = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id } errors { code } } }`;
const ROTATE = `mutation($i: RotateApiKeyInput!) { rotateApiKey(input: $i) { secret apiKey { id } errors { code } } }`;
const REVOKE = `mutation($i: RevokeApiKeyInput!) { revokeApiKey(input: $i) { apiKey { id } errors { code } } }`;
const OFFBOARD = `mutation($i: OffboardUserInput!) { offboardUser(input: $i) {
  offboarding { keys { name } } errors { code } } }`;

// A request that never ends would keep the soak from ever reaching its verdict: it is an error.
const REQUEST_TIMEOUT_MS = 60_000;

const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

/**
 * The soak's mix of operations against one server, as an OPERATOR: key lists, holder searches and
 * risks (reads), key creation, rotation and revocation (writes), verification of the keys it
 * issued (and of unknown secrets), CSV exports and offboardings of seeded users to seeded group
 * emails. Each operation claims the records it changes, so two never race for the same key.
 */
export class Workload {
  private readonly issued: IssuedKey[] = [];
  private exporting = 0;
  private readonly mix: [string, number, () => Promise<string | undefined>][];

  private readonly base: string;
  private readonly authorization: string;
  private readonly users: string[];
  private readonly groups: string[];
  private readonly services: string[];

  private constructor(base: string, authorization: string, users: string[], groups: string[], services: string[]) {
    this.base = base;
    this.authorization = authorization;
    this.users = users;
    this.groups = groups;
    this.services = services;
    this.mix = [
      [
        "keys page",
        20,
        () =>
          this.graphql("apiKeys", KEYS_PAGE, {
            filter: pick([{}, { environment: "PRODUCTION" }, { holderKind: "USER" }]),
          }),
      ],
      ["holders", 8, () => this.graphql("holders", HOLDERS, { search: pick(["user1", "team", "agency3"]) })],
      ["risks", 4, () => this.graphql("risks", RISKS, {})],
      ["verify", 35, () => this.verify()],
      ["create key", 12, () => this.create()],
      ["rotate key", 6, () => this.rotate()],
      ["revoke key", 6, () => this.revoke()],
      ["export", 3, () => this.export()],
      ["offboard", 2, () => this.offboard()],
    ];
  }

  /** Reads the seeded users, group emails and services the operations will use. */
  static async open(base: string, authorization: string, databaseUrl: string): Promise<Workload> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const users = await client.query<{ id: string }>(
        "select id from holder where kind = 'USER' and status = 'ACTIVE' and email like 'user%' and console_role is null",
      );
      const groups = await client.query<{ id: string }>("select id from holder where kind = 'GROUP'");
      const services = await client.query<{ slug: string }>("select slug from service where archived_at is null");
      return new Workload(
        base,
        authorization,
        users.rows.map((r) => r.id),
        groups.rows.map((r) => r.id),
        services.rows.map((r) => r.slug),
      );
    } finally {
      await client.end();
    }
  }

  /** Runs one operation picked by weight. */
  async next(): Promise<Outcome> {
    const total = this.mix.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = Math.random() * total;
    let chosen = this.mix[0] as (typeof this.mix)[number];
    for (const entry of this.mix) {
      roll -= entry[1];
      if (roll < 0) {
        chosen = entry;
        break;
      }
    }
    const [operation, , run] = chosen;
    try {
      const error = await run();
      return error ? { operation, error } : { operation };
    } catch (error) {
      return { operation, error: `NETWORK ${(error as Error).message}` };
    }
  }

  async close(): Promise<void> {}

  private async post(path: string, body: unknown): Promise<{ status: number; json: Json }> {
    const response = await fetch(`${this.base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: this.authorization },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    let json: Json = {};
    try {
      json = JSON.parse(text);
    } catch {
      json = { unparsable: text.slice(0, 100) };
    }
    return { status: response.status, json };
  }

  /** Sends an operation; answers the first error code (HTTP, top-level or payload), if any. */
  private async graphql(field: string, query: string, variables: Json, onData?: (data: Json) => void) {
    const { status, json } = await this.post("/graphql", { query, variables });
    const top = json.errors?.[0]?.extensions?.code;
    if (status !== 200 || top) return `HTTP ${status} ${top ?? json.error?.code ?? ""}`.trim();
    const payload = json.data?.[field];
    const payloadError = payload?.errors?.[0]?.code;
    if (payloadError) return `payload ${payloadError}`;
    onData?.(payload);
    return undefined;
  }

  private create() {
    const holderId = pick(this.groups);
    if (!holderId) return Promise.resolve("no group email to issue to");
    const input = {
      name: `soak ${randomUUID().slice(0, 8)}`,
      environment: pick(["PRODUCTION", "STAGING"]),
      holderId,
      lifespan: "DAYS_90",
    };
    return this.graphql("createApiKey", CREATE, { i: input }, (p) => {
      this.issued.push({ id: p.apiKey.id, secret: p.secret });
    });
  }

  /** Takes a key this soak issued out of the pool, so no other operation touches it meanwhile. */
  private claim(): IssuedKey | undefined {
    const index = Math.floor(Math.random() * this.issued.length);
    return this.issued.splice(index, 1)[0];
  }

  private async rotate() {
    const key = this.claim();
    if (!key) return this.create();
    return this.graphql("rotateApiKey", ROTATE, { i: { id: key.id, overlapHours: 1 } }, (p) => {
      key.secret = p.secret;
    }).finally(() => this.issued.push(key));
  }

  private async revoke() {
    // Keep a working set of keys to verify and rotate.
    if (this.issued.length < 20) return this.create();
    const key = this.claim();
    if (!key) return this.create();
    return this.graphql("revokeApiKey", REVOKE, { i: { id: key.id, reason: "soak" } });
  }

  private async verify() {
    const key = pick(this.issued);
    const secret = key?.secret ?? "kh_live_unknown";
    const { status, json } = await this.post("/v1/keys/verify", { secret, service: pick(this.services) ?? "none" });
    if (status !== 200) return `HTTP ${status} ${json.error?.code ?? ""}`.trim();
    return typeof json.reason === "string" ? undefined : "no reason in the answer";
  }

  private async export() {
    // Like a well-behaved client: no more downloads at once than one token may run (2 by default).
    if (this.exporting >= 2) return this.graphql("apiKeys", KEYS_PAGE, {});
    this.exporting++;
    try {
      return await this.download();
    } finally {
      this.exporting--;
    }
  }

  private async download() {
    const response = await fetch(`${this.base}/v1/exports/keys.csv?holderKind=GROUP&environment=STAGING`, {
      headers: { authorization: this.authorization },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    if (response.status !== 200) return `HTTP ${response.status} ${JSON.parse(text).error?.code ?? ""}`.trim();
    return text.startsWith("key_id,") && text.endsWith("\r\n") ? undefined : "export truncated";
  }

  private async offboard() {
    const index = Math.floor(Math.random() * this.users.length);
    const userId = this.users.splice(index, 1)[0];
    const defaultTargetId = pick(this.groups);
    if (!userId || !defaultTargetId) return this.create();
    const input = { userId, defaultTargetId, reason: "soak", allowWiderAccess: true, idempotencyKey: randomUUID() };
    return this.graphql("offboardUser", OFFBOARD, { i: input });
  }
}
