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

/**
 * A URL's path without its query string: what the log may say about a request's address. A query
 * string can carry anything a caller put there (GraphQL variables, a search), secrets included.
 */
export function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/** Fastify logs a request as `req` in some lines of its own: by method and path only. */
const serializers = {
  req: (req: { method?: string; url?: string }) => ({ method: req.method, url: pathOf(req.url ?? "") }),
};

/** Creates the process logger: JSON lines on stdout (or the given destination). */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: redactPaths, censor: "[redacted]" }, serializers, base: { service: "keyholder" } },
    destination ?? process.stdout,
  );
}

export type { Logger };
