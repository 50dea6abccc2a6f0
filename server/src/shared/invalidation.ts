import { randomBytes } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";
import pg from "pg";
import type { Logger } from "../logger.js";

/** The PostgreSQL channel on which instances tell each other which cached entries are stale. */
export const INVALIDATION_CHANNEL = "keyholder_invalidate";

/**
 * What went stale: one key (`key:<id>`), every key of a holder (`holder:<id>`, e.g. its Billing
 * collaborations changed), one access token (`token:<id>`), every credential of a user
 * (`user:<id>`), the list of services' slugs (`services`, e.g. one was created), or everything
 * (`all`).
 */
export type Topic = `key:${string}` | `holder:${string}` | `token:${string}` | `user:${string}` | "services" | "all";

/**
 * An instance's in-process caches subscribe here to hear what went stale, and ask here whether
 * what they hold may be trusted: only while this instance is known to hear other instances'
 * invalidations (see `InvalidationListener`). Without a listener (one instance, hearing only
 * itself) it always may.
 */
export class InvalidationHub {
  private readonly subscribers: ((topic: Topic) => void)[] = [];
  /** `performance.now()` until which cached answers may be trusted. */
  private trustedUntil = Number.POSITIVE_INFINITY;

  subscribe(subscriber: (topic: Topic) => void): void {
    this.subscribers.push(subscriber);
  }

  publish(topic: Topic): void {
    for (const subscriber of this.subscribers) subscriber(topic);
  }

  /** Whether a cache may answer from what it holds now; when not, it asks the database. */
  cacheTrusted(): boolean {
    return performance.now() < this.trustedUntil;
  }

  /** Cached answers may be trusted until `until` (a `performance.now()` time), and not after. */
  trustUntil(until: number): void {
    this.trustedUntil = until;
  }
}

/**
 * Marks cached entries stale as part of a write: NOTIFY is transactional, so other instances
 * hear it exactly when (and only if) the transaction commits; this instance applies it right
 * after the commit (see `inTransaction`), so its own next request already sees the change.
 */
export async function invalidate(
  ctx: { pendingInvalidations: Topic[] },
  em: EntityManager,
  topics: Topic[],
): Promise<void> {
  if (!topics.length) return;
  // One statement for all topics; topics never contain a comma.
  await em.execute("select pg_notify(?, t) from unnest(string_to_array(?, ',')) as t", [
    INVALIDATION_CHANNEL,
    topics.join(","),
  ]);
  ctx.pendingInvalidations.push(...topics);
}

/** How the listener checks that it still hears other instances. */
export interface ListenerTiming {
  /** How often it sends itself a NOTIFY round trip; one not back within twice this means reconnect. */
  heartbeatMs: number;
  /** How long after its last confirmed round trip (counted from when it was sent) caches are trusted. */
  maxStaleMs: number;
}

export const DEFAULT_LISTENER_TIMING: ListenerTiming = { heartbeatMs: 5_000, maxStaleMs: 20_000 };

/**
 * Listens on the invalidation channel with a dedicated connection and forwards what it hears
 * to the hub. A connection can fail silently (a firewall dropping an idle session, a stalled
 * backend): the listener then hears nothing and cannot tell. So it sends itself a NOTIFY on a
 * channel of its own every `heartbeatMs`; PostgreSQL delivers notifications in commit order, so
 * hearing a heartbeat back proves that every invalidation committed before it was sent has been
 * heard. Caches are trusted only until `maxStaleMs` after the send time of the last heartbeat
 * heard back; a heartbeat not back within two intervals (or a connection error) means the
 * connection is replaced. Notifications may have been missed meanwhile, so everything is
 * invalidated when the connection is lost and again once a new one listens.
 */
export class InvalidationListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private ticker: NodeJS.Timeout | undefined;
  /** The channel this listener's heartbeats go to, its own so other instances never hear them. */
  private readonly heartbeatChannel = `keyholder_heartbeat_${randomBytes(8).toString("hex")}`;
  private sequence = 0;
  /** Heartbeats sent and not yet heard back: payload → `performance.now()` when sent, oldest first. */
  private readonly pending = new Map<string, number>();
  /** The connection being set up by `start`, until it listens and has heard its first heartbeat. */
  private connecting: pg.Client | undefined;
  private firstHeard: (() => void) | undefined;
  /** Makes a `start` in progress give up (when stopped). */
  private abortStart: (() => void) | undefined;

  constructor(
    private readonly url: string,
    private readonly hub: InvalidationHub,
    private readonly logger: Logger,
    private readonly timing: ListenerTiming = DEFAULT_LISTENER_TIMING,
  ) {
    hub.trustUntil(Number.NEGATIVE_INFINITY);
  }

  /** Connects, listens and waits for the first heartbeat, so caches are trusted once this resolves. */
  async start(): Promise<void> {
    // Connecting, listening and the first round trip may take this long; a stalled server never answers.
    const limitMs = Math.max(2 * this.timing.heartbeatMs, 5_000);
    const client = new pg.Client({
      connectionString: this.url,
      // Its own name, with the process id, so an operator (or a test) can tell its backend apart.
      application_name: `keyholder-listener-${process.pid}`,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: limitMs,
    });
    this.connecting = client;
    client.on("notification", (message) => this.heard(client, message));
    client.on("error", (error) => this.lost(client, "invalidation listener lost its connection", error));
    client.on("end", () => this.lost(client, "invalidation listener's connection ended"));
    let timer: NodeJS.Timeout | undefined;
    try {
      const heard = new Promise<void>((resolve) => {
        this.firstHeard = resolve;
      });
      const setUp = async () => {
        await client.connect();
        await client.query(`listen ${INVALIDATION_CHANNEL}`);
        await client.query(`listen ${this.heartbeatChannel}`);
        this.beat(client);
        await heard;
      };
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("invalidation listener could not listen in time")), limitMs);
      });
      const aborted = new Promise<never>((_, reject) => {
        this.abortStart = () => reject(stoppedWhileConnecting());
      });
      await Promise.race([setUp(), late, aborted]);
      // Stopped meanwhile (shutdown while connecting or reconnecting): nobody would close it.
      if (this.stopped) throw stoppedWhileConnecting();
      this.client = client;
    } catch (error) {
      this.pending.clear();
      destroy(client);
      throw error;
    } finally {
      clearTimeout(timer);
      this.connecting = undefined;
      this.firstHeard = undefined;
      this.abortStart = undefined;
    }
    if (!this.ticker) {
      this.ticker = setInterval(() => this.tick(), this.timing.heartbeatMs);
      this.ticker.unref();
    }
  }

  private heard(client: pg.Client, message: pg.Notification): void {
    if (client !== this.client && client !== this.connecting) return;
    if (message.channel === INVALIDATION_CHANNEL) {
      if (message.payload) this.hub.publish(message.payload as Topic);
      return;
    }
    if (message.channel !== this.heartbeatChannel || !message.payload) return;
    const sentAt = this.pending.get(message.payload);
    if (sentAt === undefined) return;
    // Heard back in order: this one, and every earlier one still pending, made its round trip.
    for (const [payload, at] of this.pending) {
      if (at > sentAt) break;
      this.pending.delete(payload);
    }
    this.hub.trustUntil(sentAt + this.timing.maxStaleMs);
    this.firstHeard?.();
    this.firstHeard = undefined;
  }

  private beat(client: pg.Client): void {
    const payload = String(++this.sequence);
    this.pending.set(payload, performance.now());
    // A failure shows as a missing round trip (or as the client's error event).
    client.query("select pg_notify($1, $2)", [this.heartbeatChannel, payload]).catch(() => {});
  }

  private tick(): void {
    const client = this.client;
    if (!client) return;
    const oldest = this.pending.values().next();
    if (!oldest.done && performance.now() - oldest.value > 2 * this.timing.heartbeatMs) {
      this.lost(client, "invalidation listener heard no heartbeat back; reconnecting");
      return;
    }
    this.beat(client);
  }

  private lost(client: pg.Client, message: string, error?: unknown): void {
    if (this.stopped || client !== this.client) return;
    this.logger.warn({ err: error }, message);
    // Whatever was missed is not known: trust nothing cached until a new connection hears itself.
    this.hub.trustUntil(Number.NEGATIVE_INFINITY);
    this.client = undefined;
    this.pending.clear();
    destroy(client);
    this.reconnectSoon();
  }

  private reconnectSoon(): void {
    if (this.stopped || this.retry) return;
    this.hub.publish("all");
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.start().then(
        () => this.hub.publish("all"),
        (error: unknown) => {
          if (this.stopped) return;
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
    if (this.ticker) clearInterval(this.ticker);
    // A connection still being set up (perhaps to a server that never answers) is given up now,
    // not when start()'s time limit runs out: until then its timer would hold the process open.
    this.abortStart?.();
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    // A clean goodbye, unless the server does not answer it (a stalled backend never would).
    const ended = client.end().catch(() => {});
    const timer = setTimeout(() => destroy(client), 1_000);
    await ended;
    clearTimeout(timer);
  }
}

/** Drops a connection without waiting for the server, which may never answer. */
function destroy(client: pg.Client): void {
  client.end().catch(() => {});
  client.connection.stream.destroy();
}

const stoppedWhileConnecting = () => new Error("invalidation listener stopped while connecting");
