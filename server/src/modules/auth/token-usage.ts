import type pg from "pg";
import { UsageRecorder } from "../../db/usage-recorder.js";
import type { Logger } from "../../logger.js";

/** Records when access tokens were last used, batched (see `UsageRecorder`), on the table this module owns. */
export function tokenUsageRecorder(pool: pg.Pool, logger: Logger): UsageRecorder {
  return new UsageRecorder(pool, "access_token", logger);
}
