import "reflect-metadata";
import { startKeyholder } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const keyholder = await startKeyholder(config, logger);
  logger.info({ url: keyholder.url, embedded: keyholder.embedded }, "keyholder started");
  console.log(
    [
      "",
      `  Keyholder is running at ${keyholder.url}`,
      `  Console:      ${keyholder.url}/`,
      `  GraphQL API:  POST ${keyholder.url}/graphql (explorer in the console: ${keyholder.url}/explorer)`,
      `  Health:       ${keyholder.url}/healthz, ${keyholder.url}/readyz`,
      keyholder.embedded
        ? `  Database:     embedded PostgreSQL in ${config.KEYHOLDER_DATA_DIR}${keyholder.seeded ? " (demo data loaded)" : ""}`
        : "  Database:     DATABASE_URL",
      ...(keyholder.demoAdmin
        ? [`  Demo sign-in: ${keyholder.demoAdmin.email} / ${keyholder.demoAdmin.password}`]
        : ["  Sign-in:      create an account with `pnpm keyholder admin:create --email you@example.org`"]),
      "  Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );

  let signals = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    logger.info({ signal }, "shutting down: finishing in-flight requests");
    const force = setTimeout(() => {
      logger.error("shutdown took too long: exiting");
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS);
    force.unref();
    keyholder.stop().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "error while shutting down");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
