import type { EntityManager } from "@mikro-orm/postgresql";

/** The role a `postgres://` URL connects as (its user name), or null when it names none. */
export function roleOf(url: string): string | null {
  const user = decodeURIComponent(new URL(url).username);
  return user || null;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const sqlLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Gives the server's runtime role exactly what it needs, run by the owner after migrating:
 * reading and writing the domain tables, but on `audit_event` only INSERT and SELECT (and on the
 * trigger-kept risk summaries only SELECT), so the append-only audit trail holds against the
 * server itself (it owns nothing, so it cannot
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
      // The job queue (graphile-worker's schema, installed by the owner): workers take, finish
      // and retry jobs in its tables; its migrations table is only read, to check the version.
      `grant usage on schema graphile_worker to ${role}`,
      `grant select, insert, update, delete on all tables in schema graphile_worker to ${role}`,
      `grant usage, select on all sequences in schema graphile_worker to ${role}`,
      `grant execute on all functions in schema graphile_worker to ${role}`,
      `revoke insert, update, delete on graphile_worker.migrations from ${role}`,
      // Its tables have row-level security and no policy, meant for workers that own them; the
      // server's role gets a policy of its own on each (new ones too: this runs after every migration).
      `do $$ declare t record; begin
         for t in select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                   where n.nspname = 'graphile_worker' and c.relkind = 'r' and c.relrowsecurity loop
           if not exists (select from pg_policies where schemaname = 'graphile_worker' and tablename = t.relname
                             and policyname = 'keyholder_runtime') then
             execute format('create policy keyholder_runtime on graphile_worker.%I to %s using (true) with check (true)',
                            t.relname, ${sqlLiteral(role)});
           end if;
         end loop;
       end $$`,
      // Derived data, kept by triggers that run as the owner: the server only reads it.
      `revoke all on risk_holder, risk_key_count, risk_group, risk_holder_works, risk_service, api_key_count, risk_group_count from ${role}`,
      `grant select on risk_holder, risk_key_count, risk_group, risk_holder_works, risk_service, api_key_count, risk_group_count to ${role}`,
      // PostgreSQL 15 stopped letting everyone create in `public`, but a database upgraded from
      // an older one keeps that grant. A function the server's role plants there (say, a closer
      // match for one the summary triggers call) would run as whoever writes next: the owner
      // migrating, or a superuser. Take it away where the owner may (it owns the schema when it
      // owns the database); `mayCreateInPublic` warns at start where it may not.
      `do $$ begin
         revoke create on schema public from public;
         revoke create on schema public from ${role};
       exception when insufficient_privilege then null;
       end $$`,
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

/** Whether the connected role may create objects in the public schema (it should not). */
export async function mayCreateInPublic(em: EntityManager): Promise<boolean> {
  const [row] = await em.execute<{ may: boolean }[]>(
    "select has_schema_privilege(current_user, 'public', 'CREATE') as may",
  );
  return row?.may === true;
}
