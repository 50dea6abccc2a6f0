import { createServer, type IncomingMessage, type Server } from "node:http";

/**
 * What the proxy does to the next requests before it starts forwarding them: answer 503, close
 * the connection unsent (`drop`), forward it and close the connection instead of answering
 * (`lose`: the server acted, the caller never hears), or refuse it as Keyholder's rate limit does
 * (`429`, with `Retry-After: 1`, unsent).
 */
export type Fault = "503" | "drop" | "lose" | "429";

/**
 * An HTTP proxy in front of the real Keyholder that fails the next requests as told (a 503, or a
 * connection closed without an answer) and forwards every other one, counting what it saw.
 */
export class FlakyProxy {
  readonly seen: { method: string; path: string; operation: string | null }[] = [];
  private faults: Fault[] = [];
  private server: Server | undefined;
  url = "";

  constructor(private readonly upstream: string) {}

  /** The next requests meet these faults, in order; later ones are forwarded. */
  failNext(...faults: Fault[]): void {
    this.faults = [...faults];
  }

  async start(): Promise<this> {
    this.server = createServer(async (request, response) => {
      const body = await readBody(request);
      this.seen.push({ method: request.method ?? "", path: request.url ?? "", operation: operationName(body) });
      const fault = this.faults.shift();
      if (fault === "drop") {
        request.socket.destroy();
        return;
      }
      if (fault === "429") {
        const error = { code: "RATE_LIMITED", message: "Over the rate limit.", requestId: "proxy" };
        const body = request.url?.startsWith("/graphql")
          ? { errors: [{ message: error.message, extensions: { code: error.code, requestId: error.requestId } }] }
          : { error };
        response
          .writeHead(429, { "content-type": "application/json", "retry-after": "1", ratelimit: '"api";r=0;t=1' })
          .end(JSON.stringify(body));
        return;
      }
      if (fault === "503") {
        response
          .writeHead(503, { "content-type": "text/html", "retry-after": "0" })
          .end("<h1>Service Unavailable</h1>");
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(([name, value]) => typeof value === "string" && name !== "host"),
      ) as Record<string, string>;
      const upstream = await fetch(new URL(request.url ?? "/", this.upstream), {
        method: request.method,
        headers,
        body: body.length ? body : undefined,
      });
      if (fault === "lose") {
        await upstream.arrayBuffer();
        request.socket.destroy();
        return;
      }
      response.writeHead(upstream.status, Object.fromEntries(upstream.headers));
      response.end(Buffer.from(await upstream.arrayBuffer()));
    });
    await new Promise<void>((done) => this.server?.listen(0, "127.0.0.1", done));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    return this;
  }

  /** Requests of one GraphQL operation (by name) that reached the proxy. */
  count(operation: string): number {
    return this.seen.filter((s) => s.operation === operation).length;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((done) => this.server?.close(done));
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function operationName(body: Buffer): string | null {
  try {
    const parsed = JSON.parse(body.toString("utf8")) as { operationName?: unknown };
    return typeof parsed.operationName === "string" ? parsed.operationName : null;
  } catch {
    return null;
  }
}
