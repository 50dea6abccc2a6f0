import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync } from "node:zlib";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSOLE_CSP, registerConsole } from "./console.js";

const SCRIPT = `console.log(${JSON.stringify("x".repeat(2000))});`;

describe("serving the console", () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "keyholder-console-"));
    await mkdir(join(dir, "assets"));
    await writeFile(join(dir, "index.html"), "<!doctype html><title>Keyholder</title>");
    await writeFile(join(dir, "assets", "index-abc.js"), SCRIPT);
    await writeFile(join(dir, "assets", "index-abc.js.br"), brotliCompressSync(SCRIPT));
    app = Fastify();
    app.post("/graphql", async () => ({ data: {} }));
    await registerConsole(app, dir);
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("serves index.html at / with a strict CSP and no caching", async () => {
    const res = await app.inject({ url: "/", headers: { accept: "text/html" } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("<title>Keyholder</title>");
    expect(res.headers["content-security-policy"]).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).toContain("frame-ancestors 'none'");
    expect(res.headers["cache-control"]).toBe("no-cache");
    expect(res.headers["x-frame-options"]).toBe("DENY");
  });

  it("answers a deep link into the console with index.html, so a shared URL loads", async () => {
    const res = await app.inject({ url: "/keys/0b0e?status=ACTIVE&page=abc", headers: { accept: "text/html" } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("<title>Keyholder</title>");
  });

  it("never shadows the API: unknown API paths and non-HTML requests get a JSON 404", async () => {
    for (const url of ["/v1/nothing", "/graphql/extra", "/healthz/x"]) {
      const res = await app.inject({ url, headers: { accept: "text/html" } });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe("NOT_FOUND");
    }
    const script = await app.inject({ url: "/keys", headers: { accept: "application/json" } });
    expect(script.statusCode).toBe(404);
    const post = await app.inject({ method: "POST", url: "/keys", headers: { accept: "text/html" } });
    expect(post.statusCode).toBe(404);
  });

  it("serves hashed assets compressed and cacheable for a year, and a missing asset as 404", async () => {
    const res = await app.inject({ url: "/assets/index-abc.js", headers: { "accept-encoding": "br, gzip" } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(res.rawPayload.length).toBeLessThan(SCRIPT.length);
    const plain = await app.inject({ url: "/assets/index-abc.js" });
    expect(plain.body).toBe(SCRIPT);
    const missing = await app.inject({ url: "/assets/index-old.js", headers: { accept: "text/html" } });
    expect(missing.statusCode).toBe(404);
  });

  it("says how to build the console when there is no build", async () => {
    const bare = Fastify();
    await registerConsole(bare, join(dir, "absent"));
    const res = await bare.inject({ url: "/" });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain("pnpm build");
    await bare.close();
  });
});
