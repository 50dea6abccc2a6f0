import type pg from "pg";
import { processCpuMicros } from "./proc-cpu.ts";

/**
 * Measures the CPU that PostgreSQL backends serving one client application spend, by reading
 * their /proc entries (possible only when the cluster runs on this machine). This is the
 * database's share of a request, which server CPU alone does not show.
 */
export interface DbCpuProbe {
  /** CPU consumed by the application's backends since `start`, in µs; null when unreadable. */
  elapsed(): Promise<number | null>;
}

async function backendPids(admin: pg.Client, database: string, application: string): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = $1 and application_name = $2",
    [database, application],
  );
  return rows.map((r) => r.pid);
}

/** Starts measuring the backends of `application` on `database`. */
export async function startDbCpuProbe(admin: pg.Client, database: string, application: string): Promise<DbCpuProbe> {
  const before = new Map<number, number>();
  for (const pid of await backendPids(admin, database, application)) {
    const cpu = processCpuMicros(pid);
    if (cpu != null) before.set(pid, cpu);
  }
  return {
    async elapsed() {
      const pids = await backendPids(admin, database, application);
      let total = 0;
      let readable = false;
      for (const pid of pids) {
        const cpu = processCpuMicros(pid);
        if (cpu == null) continue;
        readable = true;
        // A backend opened during the run counts from zero; one closed during the run is lost,
        // which a sequential run on a warm pool does not do.
        total += cpu - (before.get(pid) ?? 0);
      }
      return readable ? total : null;
    },
  };
}
