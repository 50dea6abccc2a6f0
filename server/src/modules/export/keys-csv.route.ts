import { Readable } from "node:stream";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type pg from "pg";
import Cursor from "pg-cursor";
import { onQuery } from "../../db/sql-counter.js";
import type { Logger } from "../../logger.js";
import { requireRole } from "../../shared/access.js";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import type { Principal } from "../../shared/principal.js";
import { Role } from "../../shared/role.js";
import { numbered } from "../../shared/sql.js";
import { EXPORT_WORK_MEM, keysForExportSql } from "../api-key/api-key.queries.js";
import { csvChunks } from "./csv-chunks.js";
import { type ExportLimits, ExportSlots } from "./export-slots.js";
import { keyFilterFromQuery, keyOrderFromQuery } from "./keys-csv.params.js";

/** Rows read from the cursor at a time: one round trip each. */
const BATCH = 1000;
const RETRY_AFTER_SECONDS = 10;

const HEADER = [
  "key_id",
  "name",
  "environment",
  "status",
  "prefix",
  "holder",
  "holder_kind",
  "holder_status",
  "works_on",
  "last_used_at",
  "expires_at",
];

/** A row of `keysForExportSql`, as an array in `HEADER`'s order (no object per row). */
type Row = (string | null)[];

/**
 * `GET /v1/exports/keys.csv`: the ownership list (key, environment, status, holder and its kind
 * and status, services it works on, last use, expiry) for any signed-in role. The query
 * parameters are the keys list's filter (`keyFilterFromQuery`), so the export holds exactly the
 * keys `apiKeys(filter:)` lists; none exports every key. A bad parameter is a 400 with its code
 * and field. Rows stream from a server-side cursor a thousand at a time, with backpressure, so
 * memory stays flat however many keys there are; a client that goes away closes the cursor.
 *
 * Each export holds a pooled connection while it streams, so `limits` caps how many run at once
 * (on this instance: 503 SERVICE_BUSY; for one credential: 429 TOO_MANY_EXPORTS; both with
 * `Retry-After`), and a download whose reader stops taking data for `idleTimeoutMs`, or that
 * runs longer than `maxDurationMs`, is cut off and its connection returned to the pool.
 */
export function registerKeysCsvRoute(
  app: FastifyInstance,
  pool: pg.Pool,
  logger: Logger,
  authenticate: (request: FastifyRequest) => Promise<Principal | null>,
  limits: ExportLimits,
): void {
  const slots = new ExportSlots(limits);
  app.get("/v1/exports/keys.csv", async (request, reply) => {
    let principal: Principal;
    try {
      principal = requireRole(await authenticate(request), Role.VIEWER);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return reply
        .code(error.code === "FORBIDDEN" ? 403 : 401)
        .send({ error: { code: error.code, message: error.message } });
    }
    let query: { text: string; values: unknown[] };
    try {
      const params = request.query as Record<string, unknown>;
      query = numbered(keysForExportSql(keyFilterFromQuery(params), keyOrderFromQuery(params), new Date()));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return reply.code(400).send({ error: { code: error.code, message: error.message, field: error.field } });
    }
    const slot = slots.acquire(principal.credentialId ?? principal.userId ?? principal.email);
    if (typeof slot === "string") {
      const busy = slot === "INSTANCE_FULL";
      return reply
        .code(busy ? 503 : 429)
        .header("retry-after", String(RETRY_AFTER_SECONDS))
        .send({
          error: {
            code: busy ? ErrorCode.SERVICE_BUSY : ErrorCode.TOO_MANY_EXPORTS,
            message: busy
              ? `This instance is already streaming ${limits.maxConcurrent} exports. Try again shortly.`
              : `At most ${limits.maxPerCredential} exports may run at once for one credential. Try again when one ends.`,
            requestId: request.id,
          },
        });
    }
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      slot.release();
      throw error;
    }
    // The cursor's statement lasts as long as the download: its portal stays open between reads,
    // and PostgreSQL's statement_timeout runs from the first read to the last, so the pool's
    // timeout (meant for one request's statements) would cancel any export longer than it,
    // mid-file. The export is bounded by its own limits instead: the same maximum duration
    // here, reset before the connection goes back to the pool. The statement also needs more
    // `work_mem` than a request's statements, to cache each holder once (`EXPORT_WORK_MEM`).
    try {
      await client.query(`set statement_timeout = ${limits.maxDurationMs}; set work_mem = '${EXPORT_WORK_MEM}'`);
    } catch (error) {
      slot.release();
      client.release(error as Error);
      throw error;
    }
    onQuery(query.text);
    const cursor = client.query(new Cursor<Row>(query.text, query.values, { rowMode: "array" }));
    let released = false;
    let returned = false;
    const giveBack = (error?: Error) => {
      if (returned) return;
      returned = true;
      client.off("error", lost);
      client.release(error);
    };
    const release = (error?: Error) => {
      if (released) return;
      released = true;
      clearTimeout(idle);
      clearTimeout(deadline);
      slot.release();
      // After a failure the session may be gone, and a cursor on it never reports closing: the
      // client goes back to the pool as broken at once (the pool ends it) instead of leaking.
      const failed =
        error ?? ((cursor as unknown as { state: string }).state === "error" ? new Error("cursor failed") : null);
      if (failed) giveBack(failed);
      else
        cursor.close(() =>
          client.query("reset statement_timeout; reset work_mem").then(
            () => giveBack(),
            (error: Error) => giveBack(error),
          ),
        );
    };
    // The session can also end while no read is pending (the reader is slow, or the cursor is
    // closing): a database restart, a failover, an idle-in-transaction timeout. Nothing would
    // then reject, and the cursor would never report closing: end the download and hand the
    // client back as broken now.
    const lost = (error: Error) => {
      if (!released) {
        logger.warn({ requestId: request.id, err: error }, "keys export lost its database session");
        stream.destroy(error);
        reply.raw.destroy();
      }
      release(error);
      giveBack(error);
    };
    client.on("error", lost);
    // A reader that stops reading leaves the generator parked at a `yield` (backpressure): the
    // timers bound how long that, or the whole download, may keep the connection.
    const cutOff = (why: string) => {
      if (released) return;
      logger.warn({ requestId: request.id, why }, "keys export cut off");
      stream.destroy(new Error(`keys export cut off: ${why}`));
      reply.raw.destroy();
      release();
    };
    let idle: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => cutOff(`still streaming after ${limits.maxDurationMs} ms`), limits.maxDurationMs);
    const waitForReader = () => {
      idle = setTimeout(() => cutOff(`reader took nothing for ${limits.idleTimeoutMs} ms`), limits.idleTimeoutMs);
    };
    async function* lines() {
      try {
        // csvChunks reads the next batch only once the response has taken the chunks before it.
        for await (const chunk of csvChunks(HEADER, () => cursor.read(BATCH))) {
          waitForReader();
          yield chunk;
          clearTimeout(idle);
        }
        release();
      } catch (error) {
        if (released) return;
        logger.error({ err: error }, "keys export failed");
        release(error as Error);
        throw error;
      }
    }
    const stream = Readable.from(lines(), { objectMode: false });
    stream.on("close", () => release());
    const date = new Date().toISOString().slice(0, 10);
    return reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="keyholder-keys-${date}.csv"`)
      .header("cache-control", "no-store")
      .send(stream);
  });
}
