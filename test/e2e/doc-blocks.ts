/**
 * Reads the code blocks of a Markdown document the way a reader copies them: in order, each with
 * the line its fence opens on, its language and the marker (an HTML comment on the line just
 * before the fence, or before the file name line above it) that says what to do with it:
 *
 * - `<!-- not-run: reason -->`: an example that cannot run here (the block is skipped);
 * - `<!-- save-as: path -->`: a file the reader saves (written to the reader's directory);
 * - `<!-- expect-error: CODE -->`: the example shows a refusal, which must carry this code;
 * - `<!-- output: … -->`: what the shell block above prints, each line of it (`…` any text).
 */
export interface DocBlock {
  /** The line of the opening fence, from 1. */
  line: number;
  lang: string;
  code: string;
  notRun?: string;
  saveAs?: string;
  expectError?: string;
  output?: boolean;
}

const fence = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/;
const marker = /^<!--\s*(not-run|save-as|expect-error|output):\s*(.*?)\s*-->\s*$/;

/** Every fenced block of `markdown`, in order. */
export function docBlocks(markdown: string): DocBlock[] {
  const lines = markdown.split("\n");
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = fence.exec(lines[i] as string);
    if (!open) continue;
    const [, indent = "", ticks = "```", lang = ""] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const text = lines[j] as string;
      if (text.trim().startsWith(ticks) && text.trim().replace(/[`~]/g, "") === "") break;
      body.push(text.startsWith(indent) ? text.slice(indent.length) : text);
    }
    const block: DocBlock = { line: i + 1, lang: lang.toLowerCase(), code: body.join("\n") };
    // The markers on the lines just above the fence (blank lines and one file-name line allowed).
    for (let k = i - 1, seen = 0; k >= 0 && seen < 3; k--, seen++) {
      const text = (lines[k] as string).trim();
      if (text === "") continue;
      const found = marker.exec(text);
      if (!found) {
        if (seen === 0 && /^`[^`]+`/.test(text)) continue;
        break;
      }
      const [, kind, value = ""] = found;
      if (kind === "not-run") block.notRun = value;
      else if (kind === "save-as") block.saveAs = value;
      else if (kind === "output") block.output = true;
      else block.expectError = value;
    }
    blocks.push(block);
    i = j;
  }
  return blocks;
}

/** A block the runner runs with bash. */
export const isShell = (block: DocBlock) => ["sh", "bash", "shell"].includes(block.lang);
/** A block the runner compiles with tsc and runs with Node. */
export const isTypeScript = (block: DocBlock) => ["ts", "typescript"].includes(block.lang);

/**
 * The JSON values printed one after another in `text` (curl prints answers without a newline
 * between them); anything that is not JSON is skipped.
 */
export function jsonValues(text: string): unknown[] {
  const values: unknown[] = [];
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf("{", i);
    if (start < 0) break;
    const end = balancedEnd(text, start);
    if (end > 0) {
      try {
        values.push(JSON.parse(text.slice(start, end)));
        i = end;
        continue;
      } catch {
        // not JSON after all: look further
      }
    }
    i = start + 1;
  }
  return values;
}

function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** One refusal found in an answer: a GraphQL error, a payload's error or a route's error. */
export interface Refusal {
  code: string;
  text: string;
}

/** Every refusal in the answers: `errors` lists that are not empty, and routes' `error` objects. */
export function refusals(value: unknown, found: Refusal[] = []): Refusal[] {
  if (Array.isArray(value)) for (const item of value) refusals(item, found);
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "errors" && Array.isArray(item))
        for (const error of item) found.push({ code: codeOf(error), text: JSON.stringify(error) });
      else if (key === "schemas" && Array.isArray(item) && item.includes("urn:ietf:params:scim:api:messages:2.0:Error"))
        found.push({ code: String((value as { scimType?: unknown }).scimType ?? "SCIM"), text: JSON.stringify(value) });
      else if (key === "error" && item && typeof item === "object" && "code" in item)
        found.push({ code: codeOf(item), text: JSON.stringify(item) });
      else refusals(item, found);
    }
  }
  return found;
}

function codeOf(error: unknown): string {
  if (!error || typeof error !== "object") return "?";
  const e = error as { code?: unknown; extensions?: { code?: unknown } };
  return String(e.code ?? e.extensions?.code ?? "?");
}

/**
 * The answers a shell block shows as comments (`# {"valid":true,…}`), as patterns: `…` stands for
 * any value, the rest of a string, or more items or fields.
 */
export function expectedAnswers(code: string): unknown[] {
  const patterns: unknown[] = [];
  for (const line of code.split("\n")) {
    const comment = /^\s*#\s*(\{.*\})\s*$/.exec(line);
    if (!comment) continue;
    const json = outsideStrings(comment[1] as string, (text) =>
      text
        .replace(/,\s*…\s*([}\]])/g, "$1")
        .replace(/\{\s*…\s*\}/g, "{}")
        .replace(/…/g, '"…"'),
    );
    try {
      patterns.push(JSON.parse(json));
    } catch {
      throw new Error(`an expected answer in a block is not JSON with … wildcards: ${line.trim()}`);
    }
  }
  return patterns;
}

function outsideStrings(text: string, change: (part: string) => string): string {
  const parts = text.split(/("(?:[^"\\]|\\.)*")/);
  return parts.map((part, i) => (i % 2 === 1 ? part : change(part))).join("");
}

/** Whether `actual` has the shape of `pattern` (see `expectedAnswers`). */
export function matchesShape(pattern: unknown, actual: unknown): boolean {
  if (pattern === "…") return true;
  if (typeof pattern === "string" && pattern.includes("…")) {
    if (typeof actual !== "string") return false;
    const [head = "", ...rest] = pattern.split("…");
    return actual.startsWith(head) && actual.endsWith(rest.at(-1) ?? "");
  }
  if (Array.isArray(pattern))
    return Array.isArray(actual) && pattern.every((p) => p === "…" || actual.some((a) => matchesShape(p, a)));
  if (pattern && typeof pattern === "object") {
    if (!actual || typeof actual !== "object" || Array.isArray(actual)) return false;
    return Object.entries(pattern).every(([key, p]) => key in actual && matchesShape(p, (actual as never)[key]));
  }
  return pattern === actual;
}

/** The lines of `shown` (`…` standing for any text) that no line of `printed` matches. */
export function linesNotPrinted(shown: string, printed: string): string[] {
  const lines = printed.split("\n").map((line) => line.trimEnd());
  return shown
    .split("\n")
    .filter((line) => line.trim() !== "")
    .filter((line) => {
      const pattern = new RegExp(
        `^${line
          .trimEnd()
          .split("…")
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .join(".*")}$`,
      );
      return !lines.some((candidate) => pattern.test(candidate));
    });
}
