/**
 * What the bench's bare `node:http` baselines share: reading a request body, answering JSON, and
 * serving on HOST:PORT until a signal, as a child process of the bench.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(body);
}

/**
 * Serves `handle` on HOST:PORT, answering 500 with the error when it throws; on SIGINT or SIGTERM
 * closes every connection, awaits `close` (the database pool) and exits.
 */
export function serve(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  close: () => Promise<unknown>,
) {
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, JSON.stringify({ error: String(error) })));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1");
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      server.close();
      server.closeAllConnections();
      void close().finally(() => process.exit(0));
    });
  }
}
