import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";
import { pathOf } from "../logger.js";

/**
 * The console may only load its own scripts and talk to its own origin. Mantine sets inline
 * styles; the API explorer's editor runs in blob workers and embeds fonts as data URLs.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join("; ");

/** Paths that belong to the API; an unknown one there is a 404, never the console's page. */
const API_PREFIXES = ["/graphql", "/v1/", "/healthz", "/readyz"];

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header("content-security-policy", CONSOLE_CSP)
    .header("x-content-type-options", "nosniff")
    .header("referrer-policy", "same-origin")
    .header("x-frame-options", "DENY");
}

/**
 * Serves the built console (`console/dist`) at `/` on the API's port: hashed assets cached for a
 * year, and `index.html` (never cached) for every other GET that asks for HTML, so links into
 * the console (`/keys/…?status=ACTIVE`) load and route on the client. Without a build, `/`
 * says how to make one instead of failing.
 */
export async function registerConsole(app: FastifyInstance, dir: string): Promise<void> {
  const index = join(dir, "index.html");
  if (!existsSync(index)) {
    app.get("/", async (_request, reply) =>
      secure(reply)
        .code(503)
        .type("text/plain; charset=utf-8")
        .send("The console is not built. Run `pnpm build` (or `pnpm start`, which builds it) and reload."),
    );
    return;
  }
  const html = await readFile(index);
  await app.register(fastifyStatic, {
    root: dir,
    prefix: "/",
    index: false,
    wildcard: false,
    cacheControl: false,
    preCompressed: true,
    setHeaders(reply, path) {
      reply.header("x-content-type-options", "nosniff");
      reply.header("cache-control", path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  const page = (reply: FastifyReply) =>
    secure(reply).header("cache-control", "no-cache").type("text/html; charset=utf-8").send(html);
  app.get("/", async (_request, reply) => page(reply));
  app.setNotFoundHandler(async (request, reply) => {
    const api = API_PREFIXES.some((p) => request.url === p.replace(/\/$/, "") || request.url.startsWith(p));
    const wantsHtml = (request.headers.accept ?? "").includes("text/html");
    if (request.method === "GET" && !api && wantsHtml && !request.url.startsWith("/assets/")) return page(reply);
    return reply
      .code(404)
      .send({ error: { code: "NOT_FOUND", message: `No route ${request.method} ${pathOf(request.url)}` } });
  });
}
