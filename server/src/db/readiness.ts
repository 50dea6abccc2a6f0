import pg from "pg";
import type { Logger } from "../logger.js";

/**
 * Answers "does the database answer?" on a connection of its own, outside the request pool, so
 * readiness tells a database that is down from an instance that is merely busy: a pool whose
 * every connection is taken (slow downloads, a burst) is no reason for a load balancer to drop
 * the instance. The connection is opened on first use and again after any failure; a check
 * that takes longer than `timeoutMs` counts as down. Concurrent checks share one round trip.
 */
export class ReadinessProbe {
  private client: pg.Client | undefined;
  private inFlight: Promise<boolean> | undefined;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
    private readonly timeoutMs = 2000,
  ) {}

  check(): Promise<boolean> {
    this.inFlight ??= this.run().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async run(): Promise<boolean> {
    try {
      const client = await this.connected();
      await client.query({ text: "select 1", query_timeout: this.timeoutMs } as pg.QueryConfig);
      return true;
    } catch (error) {
      this.logger.warn({ err: error }, "readiness check failed");
      this.drop();
      return false;
    }
  }

  private async connected(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({
      connectionString: this.url,
      connectionTimeoutMillis: this.timeoutMs,
      application_name: "keyholder-readiness",
    });
    // A dropped connection is noticed by the next check; the event must not go unhandled.
    client.on("error", () => this.drop(client));
    await client.connect().catch((error: unknown) => {
      void client.end().catch(() => {});
      throw error;
    });
    this.client = client;
    return client;
  }

  private drop(which = this.client): void {
    if (!which) return;
    if (this.client === which) this.client = undefined;
    void which.end().catch(() => {});
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }
}
