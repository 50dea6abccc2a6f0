import type pg from "pg";
import type { Logger } from "../logger.js";
import { onQuery } from "./sql-counter.js";

/**
 * A table whose rows carry a `last_used_at` kept this way, named by the module that owns it (see
 * `keyUsageRecorder` in api-key): a plain lower-case identifier.
 */
export type UsageTable = string;

const flushSql = (table: UsageTable) => `update ${table} r set last_used_at = u.t
  from unnest($1::uuid[], $2::timestamptz[]) as u(id, t)
  where r.id = u.id and (r.last_used_at is null or r.last_used_at < u.t)`;

/**
 * Records when keys (or access tokens) were last used without a database write per use: uses
 * collect in memory and are written in one statement per interval (about once a minute per row).
 */
export class UsageRecorder {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly sql: string;

  constructor(
    private readonly pool: pg.Pool,
    table: UsageTable,
    private readonly logger: Logger,
    private readonly intervalMs = 60_000,
  ) {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`Not a table name: ${table}`);
    this.sql = flushSql(table);
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  touch(keyId: string, at: number): void {
    const seen = this.pending.get(keyId);
    if (!seen || seen < at) this.pending.set(keyId, at);
  }

  /** Writes what has collected; returns how many keys it updated. */
  async flush(): Promise<number> {
    if (!this.pending.size) return 0;
    const batch = this.pending;
    this.pending = new Map();
    const ids = [...batch.keys()];
    const times = ids.map((id) => new Date(batch.get(id) as number).toISOString());
    try {
      onQuery(this.sql);
      const result = await this.pool.query(this.sql, [ids, times]);
      return result.rowCount ?? 0;
    } catch (error) {
      this.logger.warn({ err: error, keys: ids.length }, "could not record key usage; will retry");
      for (const [id, at] of batch) this.touch(id, at);
      return 0;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}
