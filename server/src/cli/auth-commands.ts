import { MAX_TOKEN_DAYS } from "../modules/auth/access-token.limits.js";
import { DomainError, ErrorCode, issuesOf } from "../shared/errors.js";
import type { Role } from "../shared/role.js";
import type { Command } from "./command.js";
import { withOrm } from "./with-orm.js";

// The services (and type-graphql with them) load only when a command runs, so `--help` starts at once.
const services = async () => {
  const [tokens, bootstrap, roles, system] = await Promise.all([
    import("../modules/auth/access-token.service.js"),
    import("../modules/auth/bootstrap.service.js"),
    import("../shared/role.js"),
    import("../shared/system-context.js"),
  ]);
  return { ...tokens, ...bootstrap, ...roles, ...system };
};

function parseRole(value: unknown, roles: typeof Role): Role | undefined {
  if (value === undefined) return undefined;
  const role = String(value).toUpperCase();
  if (!(role in roles))
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `--role must be one of ${Object.keys(roles).join(", ")}.`);
  return role as Role;
}

/** `90d`, `90` or `1y` → days. */
function parseDays(value: unknown): number {
  if (value === undefined) return 90;
  const match = /^(\d+)\s*([dy]?)$/i.exec(String(value).trim());
  if (!match) throw new DomainError(ErrorCode.OUT_OF_RANGE, "--expires-in takes days, like 90d (or 1y).");
  return Number(match[1]) * (match[2]?.toLowerCase() === "y" ? 365 : 1);
}

async function readStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
  return text === "" ? undefined : text;
}

function explain(error: unknown): string {
  if (error instanceof DomainError)
    return issuesOf(error)
      .map((i) => `${i.code}: ${i.message}`)
      .join("\n");
  throw error;
}

export const adminCreate: Command = {
  name: "admin:create",
  summary:
    "Create a console account (or give an existing user one). The password is read from stdin, or generated and printed once.",
  options: {
    email: { type: "string", description: "The account's email address.", required: true },
    name: { type: "string", description: "Display name for a new user (default: the email's name)." },
    role: { type: "string", description: "VIEWER, OPERATOR or ADMIN (default ADMIN)." },
  },
  async run({ config, logger, out, options }) {
    const { Role, createConsoleAccount, cliContext } = await services();
    const role = parseRole(options.role, Role);
    const given = await readStdin();
    return withOrm(config, logger, async (orm) => {
      try {
        const result = await createConsoleAccount(cliContext(orm, logger), {
          email: String(options.email),
          name: typeof options.name === "string" ? options.name : undefined,
          role,
          password: given,
        });
        out(`${result.created ? "Created" : "Updated"} ${result.user.email} with role ${result.user.consoleRole}.`);
        if (!given) out(`Password (shown once): ${result.password}`);
        return 0;
      } catch (error) {
        out(explain(error));
        return 1;
      }
    });
  },
};

export const tokenIssue: Command = {
  name: "token:issue",
  summary: "Issue a personal access token for a console account and print it once.",
  options: {
    email: { type: "string", description: "The account that owns the token.", required: true },
    name: { type: "string", description: "What the token is for.", required: true },
    role: { type: "string", description: "At most the account's role (default: the account's role)." },
    "expires-in": {
      type: "string",
      description: `Lifetime, e.g. 30d or 1y (default 90d, at most ${MAX_TOKEN_DAYS}d).`,
    },
  },
  async run({ config, logger, out, options }) {
    const { Role, issueAccessTokenFor, cliContext } = await services();
    const role = parseRole(options.role, Role);
    const expiresInDays = parseDays(options["expires-in"]);
    return withOrm(config, logger, async (orm) => {
      try {
        const { token, secret } = await issueAccessTokenFor(cliContext(orm, logger), String(options.email), {
          name: String(options.name),
          role,
          expiresInDays,
        });
        logger.info({ prefix: token.prefix, role: token.role }, "issued access token");
        out(secret);
        return 0;
      } catch (error) {
        out(explain(error));
        return 1;
      }
    });
  },
};
