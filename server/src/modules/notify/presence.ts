import type { EventEmitter } from "node:events";
import pg from "pg";
import type { Logger } from "../../logger.js";

/**
 * Keeps this instance's queue workers known to the others. graphile-worker frees a job locked by
 * a worker that died only after 4 hours; here each instance keeps one connection open (its
 * presence) and records its workers' ids with that connection's pid. Every few seconds, any
 * instance frees the jobs locked by workers whose instance's presence connection is gone, so a
 * killed instance's jobs run again within seconds (at least once: a webhook is then delivered
 * again with the same webhook-id).
 */
export async function startPresence(options: {
  connectionString: string;
  events: EventEmitter;
  logger: Logger;
  /** Locks older than this, held by no live instance's worker, are taken back. */
  recoverAfterMs: number;
}): Promise<{ stop(): Promise<void> }> {
  // The workers of this instance, recorded again under the new pid whenever the presence
  // connection is replaced: a lost connection must not make live workers look gone (their
  // running jobs would then be taken back and run twice).
  const workers = new Set<string>();
  let stopped = false;
  let client!: pg.Client;
  let pid = 0;
  let reconnecting: ReturnType<typeof setTimeout> | undefined;
  const connect = async () => {
    const next = new pg.Client({
      connectionString: options.connectionString,
      application_name: "keyholder-jobs-presence",
    });
    let live = false;
    let lost = false;
    const onLost = (error?: Error & { code?: string }) => {
      if (!live || lost || stopped) return;
      lost = true;
      options.logger.warn({ code: error?.code, reason: error?.message }, "job presence connection lost");
      reconnecting = setTimeout(function retry() {
        connect().catch((err: unknown) => {
          options.logger.warn({ err }, "could not reopen the job presence connection");
          if (!stopped) reconnecting = setTimeout(retry, 1000);
        });
      }, 200);
    };
    next.on("error", onLost);
    next.on("end", () => onLost());
    await next.connect();
    const [row] = (await next.query<{ pid: number }>("select pg_backend_pid() as pid")).rows;
    client = next;
    pid = row?.pid as number;
    live = true;
    if (workers.size)
      await next.query(
        `insert into job_worker (worker_id, backend_pid) select w, $2 from unnest($1::text[]) as w
         on conflict (worker_id) do update set backend_pid = excluded.backend_pid`,
        [[...workers], pid],
      );
  };
  await connect();
  const register = (workerId: string) => {
    workers.add(workerId);
    return client
      .query(
        "insert into job_worker (worker_id, backend_pid) values ($1, $2) on conflict (worker_id) do update set backend_pid = excluded.backend_pid",
        [workerId, pid],
      )
      .catch((error: unknown) => options.logger.warn({ err: error, workerId }, "could not record a queue worker"));
  };
  const unregister = (workerId: string) => {
    workers.delete(workerId);
    return client.query("delete from job_worker where worker_id = $1", [workerId]).catch(() => {});
  };
  // Jobs are locked by a worker, or, when taken in a batch for the local queue, by the pool.
  const onCreate = ({ worker }: { worker: { workerId: string } }) => void register(worker.workerId);
  const onRelease = ({ worker }: { worker: { workerId: string } }) => void unregister(worker.workerId);
  const onPoolCreate = ({ workerPool }: { workerPool: { id: string } }) => void register(workerPool.id);
  const onPoolRelease = ({ workerPool }: { workerPool: { id: string } }) => void unregister(workerPool.id);
  options.events.on("worker:create", onCreate);
  options.events.on("worker:release", onRelease);
  options.events.on("pool:create", onPoolCreate);
  options.events.on("pool:release", onPoolRelease);

  let sweeping = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      const freed = await client.query<{ locked_by: string }>(
        `with live as (
           select w.worker_id from job_worker w join pg_stat_activity a on a.pid = w.backend_pid),
         orphaned as (
           select distinct j.locked_by from graphile_worker._private_jobs j
            where j.locked_by is not null and j.locked_at < now() - make_interval(secs => $1::float8 / 1000)
              and j.locked_by not in (select worker_id from live)),
         gone as (
           delete from job_worker w where not exists (select from pg_stat_activity a where a.pid = w.backend_pid))
         select locked_by from orphaned, graphile_worker.force_unlock_workers(array(select locked_by from orphaned))`,
        [options.recoverAfterMs],
      );
      if (freed.rows.length)
        options.logger.warn(
          { workers: freed.rows.map((r) => r.locked_by) },
          "took back jobs locked by queue workers of an instance that is gone",
        );
    } catch (error) {
      options.logger.warn({ err: error }, "could not look for jobs of instances that are gone");
    } finally {
      sweeping = false;
    }
  };
  const timer = setInterval(() => void sweep(), Math.min(10_000, options.recoverAfterMs));
  timer.unref();
  void sweep();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(reconnecting);
      options.events.off("worker:create", onCreate);
      options.events.off("worker:release", onRelease);
      options.events.off("pool:create", onPoolCreate);
      options.events.off("pool:release", onPoolRelease);
      await client.query("delete from job_worker where backend_pid = $1", [pid]).catch(() => {});
      await client.end().catch(() => {});
    },
  };
}
