import type { Config } from "../config.js";
import type { Logger } from "../logger.js";

/** What a CLI command receives: parsed options, validated config and somewhere to write. */
export interface CommandContext {
  options: Record<string, string | boolean | undefined>;
  config: Config;
  logger: Logger;
  out: (line: string) => void;
}

/** One `pnpm keyholder <name>` command. Returns the process exit code. */
export interface Command {
  name: string;
  summary: string;
  options: Record<string, { type: "string" | "boolean"; description: string; required?: boolean }>;
  run(context: CommandContext): Promise<number>;
}
