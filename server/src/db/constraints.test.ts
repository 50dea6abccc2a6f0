import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type TestDatabase, useTestDatabase } from "../test-support/database.js";
import { openTransaction } from "../test-support/locks.js";
import { finishedOrBlocked, withTwoTransactions } from "../test-support/two-transactions.js";

// The database is the last line of defence: these rules hold even for writes that bypass the
// ORM, so every statement here is raw SQL.

let db: TestDatabase;

useTestDatabase((created) => {
  db = created;
});

const sql = (text: string, params: unknown[] = []) => db.em().execute(text, params);

const DIGEST = () => randomUUID().replace(/-/g, "").repeat(2);

/** Inserts a holder row and returns its id. */
async function holder(kind: string, email: string, status: string | null, departedAt: Date | null = null) {
  const id = randomUUID();
  await sql("insert into holder (id, kind, email, name, status, departed_at) values (?, ?, ?, ?, ?, ?)", [
    id,
    kind,
    email,
    "Someone",
    status,
    departedAt,
  ]);
  return id;
}
const user = (email: string) => holder("USER", email, "ACTIVE");
const group = (email: string) => holder("GROUP", email, null);

async function service(slug: string) {
  const id = randomUUID();
  await sql("insert into service (id, slug, name) values (?, ?, ?)", [id, slug, slug]);
  return id;
}

function key(holderId: string | null, overrides: { environment?: string; digest?: string } = {}) {
  return sql(
    "insert into api_key (id, name, environment, holder_id, prefix, secret_digest) values (?, 'k', ?, ?, 'kh_live_abcdef', ?)",
    [randomUUID(), overrides.environment ?? "PRODUCTION", holderId, overrides.digest ?? DIGEST()],
  );
}

const check = (constraint: string) => ({ code: "23514", constraint });

describe("holder", () => {
  it("stores only lower-cased, trimmed, plausible emails, so uniqueness is case-insensitive", async () => {
    await expect(user("A@x.gov")).rejects.toMatchObject(check("holder_email_normalised"));
    await expect(user(" a@x.gov")).rejects.toMatchObject(check("holder_email_normalised"));
    await expect(user("not-an-email")).rejects.toMatchObject(check("holder_email_normalised"));
    await user("a@x.gov");
    await expect(user("a@x.gov")).rejects.toMatchObject({ code: "23505", constraint: "holder_email_key" });
    // Users and group emails share one address space.
    await expect(group("a@x.gov")).rejects.toMatchObject({ code: "23505", constraint: "holder_email_key" });
  });

  it("gives a status to users only, and a departure time only to departed users", async () => {
    await expect(holder("GROUP", "g@x.gov", "ACTIVE")).rejects.toMatchObject(check("holder_user_fields"));
    await expect(holder("USER", "u@x.gov", null)).rejects.toMatchObject(check("holder_user_fields"));
    await expect(holder("USER", "u@x.gov", "ACTIVE", new Date())).rejects.toMatchObject(check("holder_user_fields"));
    await holder("USER", "left@x.gov", "DEPARTED", new Date());
    await holder("GROUP", "g@x.gov", null);
    const rows = await sql("select email from holder order by email");
    expect(rows).toEqual([{ email: "g@x.gov" }, { email: "left@x.gov" }]);
  });

  it("refuses unknown kinds and statuses", async () => {
    await expect(holder("ROBOT", "r@x.gov", null)).rejects.toMatchObject(check("holder_kind_check"));
    await expect(holder("USER", "u@x.gov", "RETIRED")).rejects.toMatchObject(check("holder_status_check"));
  });
});

describe("service and collaborator", () => {
  it("accepts only lower-case hyphenated slugs", async () => {
    for (const slug of ["Parking-Fines", "parking fines", "parking--fines", "-fines", "fines-", "fines_2"]) {
      await expect(service(slug), slug).rejects.toMatchObject(check("service_slug_format"));
    }
    await service("parking-fines-2");
    await expect(service("parking-fines-2")).rejects.toMatchObject({ code: "23505", constraint: "service_slug_key" });
  });

  it("allows one collaborator row per (service, holder, role) and only known roles", async () => {
    const s = await service("fines");
    const h = await group("finance@x.gov");
    const collaborate = (role: string) =>
      sql("insert into collaborator (id, service_id, holder_id, role) values (?, ?, ?, ?)", [randomUUID(), s, h, role]);
    await collaborate("BILLING");
    await collaborate("ADMIN");
    await expect(collaborate("BILLING")).rejects.toMatchObject({
      code: "23505",
      constraint: "collaborator_service_holder_role_key",
    });
    await expect(collaborate("OWNER")).rejects.toMatchObject(check("collaborator_role_check"));
  });

  it("keeps each role's copy of its holder's email, which orders a service's collaborators, equal to the holder's", async () => {
    const s = await service("fines");
    const [ana, finance] = [await user("ana@x.gov"), await group("finance@x.gov")];
    const role = randomUUID();
    const emailsOf = async () =>
      (await sql("select holder_email from collaborator where id = ?", [role])).map((r) => r.holder_email);
    // Whatever a write gives, the role carries its holder's email.
    await sql(
      "insert into collaborator (id, service_id, holder_id, role, holder_email) values (?, ?, ?, 'BILLING', ?)",
      [role, s, ana, "someone-else@x.gov"],
    );
    expect(await emailsOf()).toEqual(["ana@x.gov"]);
    await sql("update holder set email = 'ana.b@x.gov' where id = ?", [ana]);
    expect(await emailsOf()).toEqual(["ana.b@x.gov"]);
    await sql("update collaborator set holder_id = ? where id = ?", [finance, role]);
    expect(await emailsOf()).toEqual(["finance@x.gov"]);
    await sql("update collaborator set holder_email = 'stale@x.gov' where id = ?", [role]);
    expect(await emailsOf()).toEqual(["finance@x.gov"]);
    // A role of no holder is still refused by its foreign key.
    await expect(
      sql("insert into collaborator (id, service_id, holder_id, role) values (?, ?, ?, 'ADMIN')", [
        randomUUID(),
        s,
        randomUUID(),
      ]),
    ).rejects.toMatchObject({ code: "23503", constraint: "collaborator_holder_id_foreign" });
  });

  it("gives a role added while its holder's email changes the email that commits", async () => {
    const s = await service("fines");
    const ana = await user("ana@x.gov");
    const role = randomUUID();
    await withTwoTransactions(db, async (a, b) => {
      await a.query("update holder set email = 'ana.b@x.gov' where id = $1", [ana]);
      // b waits for a's change of the holder, then copies the email a committed.
      const adding = b.query(
        "insert into collaborator (id, service_id, holder_id, role) values ($1, $2, $3, 'BILLING')",
        [role, s, ana],
      );
      expect(await finishedOrBlocked(db, b, adding)).toBe("blocked");
      await a.query("commit");
      await adding;
      await b.query("commit");
    });
    const [row] = await sql("select holder_email from collaborator where id = ?", [role]);
    expect(row?.holder_email).toBe("ana.b@x.gov");
  });

  it("gives a role added before its holder's email changes, in the same transaction, the new email", async () => {
    const s = await service("fines");
    const ana = await user("ana@x.gov");
    const role = randomUUID();
    const tx = await openTransaction(db);
    try {
      await tx.query("insert into collaborator (id, service_id, holder_id, role) values ($1, $2, $3, 'BILLING')", [
        role,
        s,
        ana,
      ]);
      await tx.query("update holder set email = 'ana.b@x.gov' where id = $1", [ana]);
      const { rows } = await tx.query("select holder_email from collaborator where id = $1", [role]);
      expect(rows).toEqual([{ holder_email: "ana.b@x.gov" }]);
      await tx.query("commit");
    } finally {
      await tx.release();
    }
    const rows = await sql(
      "select c.holder_email, h.email from collaborator c join holder h on h.id = c.holder_id where c.id = ?",
      [role],
    );
    expect(rows).toEqual([{ holder_email: "ana.b@x.gov", email: "ana.b@x.gov" }]);
  });

  it("carries a holder's email change to a role another transaction added just before, once that role commits", async () => {
    const s = await service("fines");
    const ana = await user("ana@x.gov");
    const role = randomUUID();
    await withTwoTransactions(db, async (a, b) => {
      await a.query("insert into collaborator (id, service_id, holder_id, role) values ($1, $2, $3, 'BILLING')", [
        role,
        s,
        ana,
      ]);
      // b's change of the email waits for a's role, then carries the new email to it.
      const changing = b.query("update holder set email = 'ana.b@x.gov' where id = $1", [ana]);
      expect(await finishedOrBlocked(db, b, changing)).toBe("blocked");
      await a.query("commit");
      await changing;
      await b.query("commit");
    });
    const rows = await sql(
      "select c.holder_email, h.email from collaborator c join holder h on h.id = c.holder_id where c.id = ?",
      [role],
    );
    expect(rows).toEqual([{ holder_email: "ana.b@x.gov", email: "ana.b@x.gov" }]);
  });
});

describe("api_key", () => {
  it("always has a holder that exists, and keeps it from being deleted", async () => {
    await expect(key(null)).rejects.toMatchObject({ code: "23502", column: "holder_id" });
    await expect(key(randomUUID())).rejects.toMatchObject({ code: "23503", constraint: "api_key_holder_id_foreign" });
    const h = await user("holder@x.gov");
    await key(h);
    await expect(sql("delete from holder where id = ?", [h])).rejects.toMatchObject({
      code: "23503",
      constraint: "api_key_holder_id_foreign",
    });
  });

  it("stores only a lower-case hex SHA-256 digest, never anything else", async () => {
    const h = await user("holder@x.gov");
    await expect(key(h, { digest: "kh_live_plaintextsecret" })).rejects.toMatchObject(check("api_key_digest_format"));
    await expect(key(h, { digest: DIGEST().toUpperCase() })).rejects.toMatchObject(check("api_key_digest_format"));
    await expect(key(h, { digest: DIGEST().slice(1) })).rejects.toMatchObject(check("api_key_digest_format"));
    await key(h, { digest: "0".repeat(64) });
  });

  it("accepts only known environments", async () => {
    const h = await user("holder@x.gov");
    await expect(key(h, { environment: "DEV" })).rejects.toMatchObject(check("api_key_environment_check"));
    await key(h, { environment: "STAGING" });
  });
});

describe("group_membership", () => {
  it("links a group email to a user, never the other way round", async () => {
    const u = await user("member@x.gov");
    const g = await group("team@x.gov");
    const other = await group("other@x.gov");
    const join = (groupId: string, userId: string) =>
      sql("insert into group_membership (group_id, user_id) values (?, ?)", [groupId, userId]);
    await expect(join(u, u)).rejects.toMatchObject({
      code: "23514",
      message: expect.stringContaining("group_id must reference a group email"),
    });
    await expect(join(g, other)).rejects.toMatchObject({
      code: "23514",
      message: expect.stringContaining("user_id must reference a user"),
    });
    await join(g, u);
    await expect(sql("update group_membership set user_id = ?", [other])).rejects.toMatchObject({ code: "23514" });
    expect(await sql("select group_id, user_id from group_membership")).toEqual([{ group_id: g, user_id: u }]);
  });
});

describe("audit_event", () => {
  it("accepts inserts and refuses UPDATE, DELETE and TRUNCATE", async () => {
    await sql(
      `insert into audit_event (actor_label, credential_kind, action, subject_type, subject_id)
       values ('system', 'SYSTEM', 'test.recorded', 'Test', '1')`,
    );
    const appendOnly = { code: "42501", message: expect.stringContaining("audit_event is append-only") };
    await expect(sql("update audit_event set action = 'test.rewritten'")).rejects.toMatchObject(appendOnly);
    await expect(sql("delete from audit_event")).rejects.toMatchObject(appendOnly);
    await expect(sql("truncate audit_event")).rejects.toMatchObject(appendOnly);
    expect(await sql("select action from audit_event")).toEqual([{ action: "test.recorded" }]);
  });

  it("stores one subject, or a set of two or more UUIDs with no null, never both or neither", async () => {
    const insert = (subjectId: string | null, subjectIds: string | null) =>
      sql(
        `insert into audit_event (actor_label, credential_kind, action, subject_type, subject_id, subject_ids)
         values ('system', 'SYSTEM', 'test.recorded', 'Test', ?, ?::uuid[])`,
        [subjectId, subjectIds],
      );
    const [a, b] = [randomUUID(), randomUUID()];
    const refused = { code: "23514", message: expect.stringContaining("audit_event_subject_or_subjects") };
    await expect(insert(null, null)).rejects.toMatchObject(refused);
    await expect(insert(a, `{${a},${b}}`)).rejects.toMatchObject(refused);
    await expect(insert(null, `{${a}}`)).rejects.toMatchObject(refused);
    await expect(insert(null, `{${a},NULL}`)).rejects.toMatchObject(refused);
    await expect(insert(null, "{}")).rejects.toMatchObject(refused);
    await insert(null, `{${a},${b}}`);
    await insert("not-a-uuid", null);
    expect(await sql("select subject_id, subject_ids::text[] as ids from audit_event order by id")).toEqual([
      { subject_id: null, ids: [a, b] },
      { subject_id: "not-a-uuid", ids: null },
    ]);
  });
});
