import { Writable } from "node:stream";
import type { EntityManager } from "@mikro-orm/postgresql";
import { beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../logger.js";
import { recordAudit } from "../modules/audit/audit.service.js";
import { Service } from "../modules/service/service.entity.js";
import { auditRows } from "../test-support/audit.js";
import { type TestDatabase, useTestDatabase } from "../test-support/database.js";
import { factories } from "../test-support/factories.js";
import { DomainError, ErrorCode } from "./errors.js";
import { createRequestContext } from "./request-context.js";
import { inTransaction, SERIALIZATION_ATTEMPTS } from "./transaction.js";

let db: TestDatabase;
const logLines: string[] = [];
const log = createLogger(
  "info",
  new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
);

useTestDatabase((created) => {
  db = created;
});
beforeEach(() => {
  logLines.length = 0;
});

const context = (requestId: string) => createRequestContext({ em: db.orm.em, requestId, log });

/** Resolves once `count` parties have arrived. */
function barrier(count: number): () => Promise<void> {
  let arrived = 0;
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return () => {
    if (++arrived === count) open();
    return opened;
  };
}

describe("inTransaction", () => {
  it("retries a transaction PostgreSQL chose as the victim of a deadlock, so both writes succeed once", async () => {
    const f = factories(db.em());
    const [a, b] = [await f.service({ slug: "first" }), await f.service({ slug: "second" })];
    const bothLockedOne = barrier(2);
    const attempts = { ab: 0, ba: 0 };
    // Two writes that take the same two row locks in opposite orders: a textbook deadlock.
    const write = (name: "ab" | "ba", first: string, second: string) =>
      inTransaction(context(`req-${name}`), async (em: EntityManager) => {
        attempts[name]++;
        await em.execute("update service set name = name || ? where id = ?", [name, first]);
        if (attempts[name] === 1) await bothLockedOne();
        await em.execute("update service set name = name || ? where id = ?", [name, second]);
        recordAudit(context(`req-${name}`), em, { action: `test.${name}`, subjectType: "Service", subjectId: first });
        return name;
      });

    expect(await Promise.all([write("ab", a.id, b.id), write("ba", b.id, a.id)])).toEqual(["ab", "ba"]);
    // PostgreSQL aborted exactly one of them with 40P01; that one ran again and then went through.
    expect(attempts.ab + attempts.ba).toBe(3);
    const names = await db.em().execute<{ name: string }[]>("select name from service order by slug");
    expect(names.map((n) => n.name.replace(/^Service \d+/, "")).sort()).toEqual(
      attempts.ab === 2 ? ["baab", "baab"] : ["abba", "abba"],
    );
    expect((await auditRows(db)).map((e) => e.action).sort()).toEqual(["test.ab", "test.ba"]);
    expect(logLines.join("")).toContain("40P01");
  });

  it("answers VERSION_CONFLICT, having written nothing, when every attempt fails on a serialization failure", async () => {
    let attempts = 0;
    const ctx = context("req-always-conflicting");
    const failing = inTransaction(ctx, async (em) => {
      attempts++;
      recordAudit(ctx, em, { action: "test.written", subjectType: "Service", subjectId: crypto.randomUUID() });
      await em.flush();
      // A real serialization failure raised by PostgreSQL itself, every time.
      await em.execute(`do $$ begin raise exception 'could not serialize access' using errcode = '40001'; end $$`);
    });
    const error = await failing.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: ErrorCode.VERSION_CONFLICT });
    expect(attempts).toBe(SERIALIZATION_ATTEMPTS);
    expect(await auditRows(db)).toEqual([]);
  });

  it("runs a retried write on fresh entities, not on what the aborted attempt changed in memory", async () => {
    const service = await factories(db.em()).service({ slug: "retried", name: "Original" });
    const ctx = context("req-retried");
    // The request already holds the service, as a resolver that read it first would.
    await ctx.em.findOneOrFail(Service, { id: service.id });
    const seen: string[] = [];
    const result = await inTransaction(ctx, async (em) => {
      const loaded = await em.findOneOrFail(Service, { id: service.id });
      seen.push(loaded.name);
      loaded.name = `${loaded.name} + renamed`;
      await em.flush();
      if (seen.length === 1) {
        await em.execute(`do $$ begin raise exception 'deadlock detected' using errcode = '40P01'; end $$`);
      }
      recordAudit(ctx, em, { action: "service.updated", subjectType: "Service", subjectId: loaded.id });
      return loaded;
    });
    expect(seen).toEqual(["Original", "Original"]);
    expect(result.name).toBe("Original + renamed");
    expect((await db.em().findOneOrFail(Service, { id: service.id })).name).toBe("Original + renamed");
    expect((await auditRows(db)).map((e) => e.action)).toEqual(["service.updated"]);
  });
});
