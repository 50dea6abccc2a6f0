import { Writable } from "node:stream";
import type { Logger } from "../logger.js";
import { createLogger } from "../logger.js";

/** An info-level logger whose lines stay in `lines`, for tests that check what was logged. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger("info", sink), lines };
}
