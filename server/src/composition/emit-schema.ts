import "reflect-metadata";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { repoRoot } from "../config.js";
import { printKeyholderSchema } from "../graphql/print-schema.js";
import { keyholderSchema } from "./schema.js";

/** Writes `server/schema.graphql`, the artifact the console and clients are typed from. */
const target = resolve(repoRoot, "server/schema.graphql");
await writeFile(target, printKeyholderSchema(await keyholderSchema()));
console.log(`Wrote ${target}`);
