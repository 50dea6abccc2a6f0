import { type Logger, pino } from "pino";

/**
 * Paths that may carry credentials. pino replaces them before a line is written, so a
 * secret that reaches a log call by mistake still never reaches the log.
 */
const redactPaths = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "*.password",
  "*.secret",
  "*.token",
  "variables.*.password",
  "variables.*.secret",
  "variables.*.token",
];

/** Creates the process logger: JSON lines on stdout (or the given destination). */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: redactPaths, censor: "[redacted]" }, base: { service: "keyholder" } },
    destination ?? process.stdout,
  );
}

export type { Logger };
