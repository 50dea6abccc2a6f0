import type { EntityManager } from "@mikro-orm/postgresql";
import pg from "pg";
import type { Logger } from "../logger.js";
import type { RequestContext } from "./request-context.js";

/** The PostgreSQL channel on which instances tell each other which cached entries are stale. */
export const INVALIDATION_CHANNEL = "keyholder_invalidate";

/**
 * What went stale: one key (`key:<id>`), every key of a holder (`holder:<id>`, e.g. its Billing
 * collaborations changed), one access token (`token:<id>`), every credential of a user
 * (`user:<id>`), the list of services' slugs (`services`, e.g. one was created), or everything
 * (`all`).
 */
export type Topic = `key:${string}` | `holder:${string}` | `token:${string}` | `user:${string}` | "services" | "all";

/** An instance's in-process caches subscribe here to hear what went stale. */
export class InvalidationHub {
  private readonly subscribers: ((topic: Topic) => void)[] = [];

  subscribe(subscriber: (topic: Topic) => void): void {
    this.subscribers.push(subscriber);
  }

  publish(topic: Topic): void {
    for (const subscriber of this.subscribers) subscriber(topic);
  }
}

/**
 * Marks cached entries stale as part of a write: NOTIFY is transactional, so other instances
 * hear it exactly when (and only if) the transaction commits; this instance applies it right
 * after the commit (see `inTransaction`), so its own next request already sees the change.
 */
export async function invalidate(ctx: RequestContext, em: EntityManager, topics: Topic[]): Promise<void> {
  if (!topics.length) return;
  // One statement for all topics; topics never contain a comma.
  await em.execute("select pg_notify(?, t) from unnest(string_to_array(?, ',')) as t", [
    INVALIDATION_CHANNEL,
    topics.join(","),
  ]);
  ctx.pendingInvalidations.push(...topics);
}

/**
 * Listens on the invalidation channel with a dedicated connection and forwards what it hears
 * to the hub. If the connection drops, notifications may have been missed, so on reconnect
 * everything is invalidated.
 */
export class InvalidationListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly hub: InvalidationHub,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: "keyholder-listener" });
    client.on("notification", (message) => {
      if (message.channel === INVALIDATION_CHANNEL && message.payload) this.hub.publish(message.payload as Topic);
    });
    client.on("error", (error) => {
      this.logger.warn({ err: error }, "invalidation listener lost its connection");
      this.reconnectSoon();
    });
    client.on("end", () => this.reconnectSoon());
    await client.connect();
    await client.query(`listen ${INVALIDATION_CHANNEL}`);
    this.client = client;
  }

  private reconnectSoon(): void {
    if (this.stopped || this.retry) return;
    this.client = undefined;
    this.hub.publish("all");
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.start().then(
        () => this.hub.publish("all"),
        (error: unknown) => {
          this.logger.warn({ err: error }, "invalidation listener could not reconnect; retrying");
          this.reconnectSoon();
        },
      );
    }, 500);
    this.retry.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }
}
