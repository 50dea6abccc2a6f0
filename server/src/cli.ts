import "reflect-metadata";
import { parseArgs } from "node:util";
import { adminCreate, tokenIssue } from "./cli/auth-commands.js";
import type { Command } from "./cli/command.js";
import { dbCheck, dbMigrate, dbMigrationCreate, dbSeed } from "./cli/db-commands.js";
import { remoteCommands } from "./cli/remote-commands.js";
import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";

const commands: Command[] = [dbMigrate, dbSeed, dbCheck, dbMigrationCreate, adminCreate, tokenIssue, ...remoteCommands];

function help(): string {
  const lines = ["Usage: pnpm keyholder <command> [options]", "", "Commands:"];
  for (const command of commands) {
    lines.push(`  ${command.name.padEnd(22)} ${command.summary}`);
    for (const [name, option] of Object.entries(command.options)) {
      const flag = option.type === "string" ? `--${name} <value>` : `--${name}`;
      lines.push(`      ${flag.padEnd(26)} ${option.description}${option.required ? " (required)" : ""}`);
    }
  }
  lines.push(
    "",
    "Configuration comes from the environment (see .env.example); with no DATABASE_URL the embedded PostgreSQL in .data/ is used.",
    "Remote commands talk to a running Keyholder instead: KEYHOLDER_URL and KEYHOLDER_TOKEN (an access token, khp_…).",
    "Exit codes: 0 done, 1 failed (for a file: some rows failed), 2 usage error.",
  );
  return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: rest, options: { ...command.options, help: { type: "boolean" } }, strict: true }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${help()}`);
    return 2;
  }
  if (values.help) {
    console.log(help());
    return 0;
  }
  for (const [optionName, option] of Object.entries(command.options)) {
    if (option.required && values[optionName] === undefined) {
      console.error(`Missing --${optionName}. See --help.`);
      return 2;
    }
  }
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL, process.stderr);
  return command.run({ options: values, config, logger, out: (line) => console.log(line) });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `keyholder: ${(error as Error).message ?? error}`);
    process.exit(1);
  },
);
