import type { EntityManager } from "@mikro-orm/postgresql";

/** The role a `postgres://` URL connects as (its user name), or null when it names none. */
export function roleOf(url: string): string | null {
  const user = decodeURIComponent(new URL(url).username);
  return user || null;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Gives the server's runtime role exactly what it needs, run by the owner after migrating:
 * reading and writing the domain tables, but on `audit_event` only INSERT and SELECT, so the
 * append-only audit trail holds against the server itself (it owns nothing, so it cannot
 * disable or drop the triggers, or drop a table). Default privileges give tables the owner
 * creates later the same grants. Idempotent: it runs after every migration.
 */
export async function grantRuntimeRole(em: EntityManager, runtimeRole: string): Promise<void> {
  const role = ident(runtimeRole);
  await em.transactional(async (tx) => {
    for (const statement of [
      `grant usage on schema public to ${role}`,
      `grant select, insert, update, delete on all tables in schema public to ${role}`,
      `grant usage, select on all sequences in schema public to ${role}`,
      `alter default privileges in schema public grant select, insert, update, delete on tables to ${role}`,
      `alter default privileges in schema public grant usage, select on sequences to ${role}`,
      `revoke all on audit_event from ${role}`,
      `grant select, insert on audit_event to ${role}`,
      `revoke all on mikro_orm_migrations from ${role}`,
    ]) {
      await tx.execute(statement);
    }
  });
}

/** The tables of the public schema the connected role owns (it could alter or drop them). */
export async function tablesOwnedByCurrentRole(em: EntityManager): Promise<string[]> {
  const rows = await em.execute<{ tablename: string }[]>(
    "select tablename from pg_tables where schemaname = 'public' and tableowner = current_user order by tablename",
  );
  return rows.map((r) => r.tablename);
}
