import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../config.js";
import { printKeyholderSchema } from "../graphql/print-schema.js";
import { keyholderSchema } from "./schema.js";

describe("schema.graphql", () => {
  it("matches the schema the resolvers build (run `pnpm --filter @keyholder/server schema:emit` after a change)", async () => {
    const committed = await readFile(resolve(repoRoot, "server/schema.graphql"), "utf8");
    expect(printKeyholderSchema(await keyholderSchema())).toBe(committed);
  });
});
