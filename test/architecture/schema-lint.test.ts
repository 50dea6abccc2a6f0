import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const linter = join(repo, "node_modules/.bin/graphql-schema-linter");

type Report = { code: number; rules: string[]; messages: string[] };

/** Runs the schema lint as `pnpm lint` does (the repository's config), on `schema` if given. */
function lint(schema?: string): Promise<Report> {
  const args = ["--config-directory", repo, "--format", "json", ...(schema ? [schema] : [])];
  return new Promise((done) => {
    execFile(linter, args, { cwd: repo }, (error, stdout) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      const errors: { rule: string; message: string }[] = JSON.parse(stdout).errors;
      done({ code, rules: errors.map((e) => e.rule), messages: errors.map((e) => e.message) });
    });
  });
}

const scratch: string[] = [];
afterEach(async () => {
  await Promise.all(scratch.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function schemaFile(sdl: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "keyholder-schema-lint-"));
  scratch.push(dir);
  const path = join(dir, "schema.graphql");
  await writeFile(path, sdl);
  return path;
}

/** A schema that follows every rule: the baseline each case below breaks in one way. */
const good = `
"""Reads."""
type Query {
  """A widget by id."""
  widget(
    """The widget's id."""
    id: ID!
  ): Widget

  """All widgets, a page at a time."""
  widgets(
    """Return items after this cursor."""
    after: String

    """How many items to return."""
    first: Int
  ): WidgetConnection!
}

"""A page of widgets."""
type WidgetConnection {
  """The widgets of the page."""
  edges: [WidgetEdge!]!

  """Where the page is."""
  pageInfo: PageInfo!
}

"""A widget in a page."""
type WidgetEdge {
  """Where it is."""
  cursor: String!

  """The widget."""
  node: Widget!
}

"""Paging state."""
type PageInfo {
  """The last cursor."""
  endCursor: String

  """More after."""
  hasNextPage: Boolean!

  """More before."""
  hasPreviousPage: Boolean!

  """The first cursor."""
  startCursor: String
}

"""Writes."""
type Mutation {
  """Makes a widget."""
  createWidget(
    """What to make."""
    input: CreateWidgetInput!
  ): CreateWidgetPayload!
}

"""A widget."""
type Widget {
  """Its id."""
  id: ID!

  """Its size."""
  size: Size!
}

"""What to make."""
input CreateWidgetInput {
  """How big."""
  size: Size!
}

"""The widget made."""
type CreateWidgetPayload {
  """The widget."""
  widget: Widget
}

"""How big a widget is."""
enum Size {
  """Big."""
  BIG

  """Small."""
  SMALL
}
`;

describe("the schema lint in pnpm lint", () => {
  it("passes on server/schema.graphql as committed", async () => {
    const report = await lint();
    expect(report.messages).toEqual([]);
    expect(report.code).toBe(0);
  });

  it("passes on a schema that follows every rule", async () => {
    expect((await lint(await schemaFile(good))).code).toBe(0);
  });

  it.each([
    ["a type without a description", good.replace('"""A widget."""\n', ""), "types-have-descriptions"],
    ["a field without a description", good.replace('  """Its size."""\n', ""), "fields-have-descriptions"],
    [
      "an argument without a description",
      good.replace('    """The widget\'s id."""\n', ""),
      "arguments-have-descriptions",
    ],
    [
      "an input field without a description",
      good.replace('  """How big."""\n', ""),
      "input-object-values-have-descriptions",
    ],
    ["an enum value without a description", good.replace('  """Small."""\n', ""), "enum-values-have-descriptions"],
    [
      "a field not in camelCase",
      good.replace('size: Size!\n}\n\n"""What', 'Size_of: Size!\n}\n\n"""What'),
      "fields-are-camel-cased",
    ],
    ["an enum value not in capitals", good.replace("SMALL", "Small"), "enum-values-all-caps"],
    [
      "a mutation answering with a shared payload",
      good
        .replace("): CreateWidgetPayload!", "): WidgetPayload!")
        .replace("type CreateWidgetPayload", "type WidgetPayload"),
      "mutation-payload-and-input-names",
    ],
    [
      "a mutation taking a bare argument instead of its input",
      good.replace("input: CreateWidgetInput!", "size: Size!"),
      "mutation-payload-and-input-names",
    ],
    [
      "a mutation taking an input named after another mutation",
      good.replaceAll("CreateWidgetInput", "WidgetInput"),
      "mutation-payload-and-input-names",
    ],
    [
      "a connection without paging arguments",
      good.replace(/widgets\([^)]*\)/, "widgets"),
      "relay-connection-arguments-spec",
    ],
    [
      "a connection without its pageInfo",
      good.replace(/\n {2}"""Where the page is\."""\n {2}pageInfo: PageInfo!\n/, ""),
      "relay-connection-types-spec",
    ],
  ])("fails on %s", async (_case, sdl, rule) => {
    const report = await lint(await schemaFile(sdl));
    expect(report.code).not.toBe(0);
    expect(report.rules).toContain(rule);
  });
});
