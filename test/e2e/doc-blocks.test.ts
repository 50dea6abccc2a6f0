import { describe, expect, it } from "vitest";
import { docBlocks, expectedAnswers, jsonValues, linesNotPrinted, matchesShape, refusals } from "./doc-blocks.js";

describe("reading the docs' blocks", () => {
  it("finds each fenced block with its line, language and marker", () => {
    const markdown = [
      "# Title", //                                   1
      "```sh", //                                     2
      "echo one",
      "```",
      "<!-- not-run: needs a mail server -->", //     5
      "```sh",
      "mail",
      "```",
      "<!-- save-as: users.csv -->", //               9
      "`users.csv`",
      "```csv",
      "email,name",
      "```",
      "<!-- expect-error: ACCESS_WOULD_WIDEN -->", // 14
      "",
      "```ts",
      "const a = 1;",
      "```",
    ].join("\n");
    expect(docBlocks(markdown)).toEqual([
      { line: 2, lang: "sh", code: "echo one" },
      { line: 6, lang: "sh", code: "mail", notRun: "needs a mail server" },
      { line: 11, lang: "csv", code: "email,name", saveAs: "users.csv" },
      { line: 16, lang: "ts", code: "const a = 1;", expectError: "ACCESS_WOULD_WIDEN" },
    ]);
  });
});

describe("reading the answers a block printed", () => {
  it("splits answers curl printed one after another, skipping other text", () => {
    expect(jsonValues('{"a":1}{"b":"}"}\nline 2: ok {not json}\n[1]{"c":[{}]}')).toEqual([
      { a: 1 },
      { b: "}" },
      { c: [{}] },
    ]);
  });

  it("finds GraphQL, payload, route and SCIM refusals, and nothing in a clean answer", () => {
    const answers = jsonValues(
      [
        '{"data":{"createApiKey":{"apiKey":null,"errors":[{"field":"holderId","code":"INVALID_ID","message":"…"}]}}}',
        '{"errors":[{"message":"…","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}],"data":null}',
        '{"error":{"code":"BAD_USER_INPUT","message":"…"}}',
        '{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidFilter"}',
        '{"data":{"createApiKey":{"apiKey":{"id":"1"},"errors":[]}}}',
      ].join(""),
    );
    expect(refusals(answers).map((r) => r.code)).toEqual([
      "INVALID_ID",
      "GRAPHQL_VALIDATION_FAILED",
      "BAD_USER_INPUT",
      "invalidFilter",
    ]);
    expect(refusals(answers.slice(4))).toEqual([]);
  });

  it("matches an answer against the shape a block shows, with … as a wildcard", () => {
    const [pattern] = expectedAnswers(
      '# {"valid":true,"keyId":"…","holder":{"email":"finance-team@…","kind":"GROUP"},"counts":[…],"rows":[{"row":1,…},…]}',
    );
    const answer = {
      valid: true,
      keyId: "k1",
      holder: { id: "h1", email: "finance-team@transport.gov.example", kind: "GROUP" },
      counts: [],
      rows: [{ row: 1, outcome: "CREATED" }, { row: 2 }],
    };
    expect(matchesShape(pattern, answer)).toBe(true);
    expect(matchesShape(pattern, { ...answer, valid: false })).toBe(false);
    expect(matchesShape(pattern, { ...answer, holder: { email: "ops@x", kind: "GROUP" } })).toBe(false);
    expect(matchesShape(pattern, { ...answer, rows: [{ row: 2 }] })).toBe(false);
    const { keyId: _, ...withoutKeyId } = answer;
    expect(matchesShape(pattern, withoutKeyId)).toBe(false);
  });
});

describe("checking what a block printed", () => {
  it("finds each line shown among the lines printed, with … as any text", () => {
    const printed =
      "DRY RUN: nothing will change.\nline 2: ok     ann@x: would move 5 key(s) to team@x\n1 row(s): 1 ok";
    expect(
      linesNotPrinted("DRY RUN: nothing will change.\nline 2: ok     ann@x: would move … to team@x\n", printed),
    ).toEqual([]);
    expect(linesNotPrinted("line 2: ok     ann@x: would move 4 key(s) to team@x", printed)).toEqual([
      "line 2: ok     ann@x: would move 4 key(s) to team@x",
    ]);
  });
});
