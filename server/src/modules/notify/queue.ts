import type { EntityManager } from "@mikro-orm/postgresql";

/** One job to add to the queue. */
export interface JobSpec {
  task: string;
  payload: Record<string, unknown>;
  maxAttempts?: number | null;
  /** A job with the same key already waiting is replaced rather than doubled. */
  jobKey?: string | null;
}

/**
 * Adds jobs in the caller's transaction (graphile-worker's `add_jobs`), in one statement however
 * many: they run only if the transaction commits.
 */
export async function enqueue(em: EntityManager, jobs: readonly JobSpec[]): Promise<void> {
  if (!jobs.length) return;
  await em.execute(
    `select count(*) from graphile_worker.add_jobs(array(
       select row(j.task, j.payload, null, null, j.max_attempts, j.job_key, null, null)::graphile_worker.job_spec
         from json_to_recordset(?::json) as j(task text, payload json, max_attempts int, job_key text)))`,
    [
      JSON.stringify(
        jobs.map((j) => ({
          task: j.task,
          payload: j.payload,
          max_attempts: j.maxAttempts ?? null,
          job_key: j.jobKey ?? null,
        })),
      ),
    ],
  );
}
