import type pg from "pg";
import { UsageRecorder } from "../../db/usage-recorder.js";
import type { Logger } from "../../logger.js";

/** Records when keys were last used, batched (see `UsageRecorder`), on the key table this module owns. */
export function keyUsageRecorder(pool: pg.Pool, logger: Logger): UsageRecorder {
  return new UsageRecorder(pool, "api_key", logger);
}
