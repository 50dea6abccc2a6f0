// `pnpm dev`: the API (restarting on change) and the console's Vite dev server (hot reload,
// proxying /graphql and /v1 to the API) together; Ctrl-C stops both.
import { spawn } from "node:child_process";

const apiPort = process.env.PORT || "4000";
const consolePort = process.env.CONSOLE_PORT || "5173";
const children = [
  run("api", ["--filter", "@keyholder/server", "dev"], { PORT: apiPort }),
  run("console", ["--filter", "@keyholder/console", "dev"], {
    KEYHOLDER_API_URL: `http://127.0.0.1:${apiPort}`,
    CONSOLE_PORT: consolePort,
  }),
];
console.log(`\n  Console with hot reload: http://localhost:${consolePort}/  (API on port ${apiPort})\n`);

function run(name, args, env) {
  const child = spawn("pnpm", args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = (stream, out) => {
    let rest = "";
    stream.on("data", (chunk) => {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) out.write(`[${name}] ${line}\n`);
    });
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on("exit", (code) => {
    if (!stopping) {
      console.error(`[${name}] exited with ${code}; stopping.`);
      stop(code ?? 1);
    }
  });
  return child;
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGINT");
  setTimeout(() => process.exit(code), 5000).unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.on("exit", r)) : null))).then(() =>
    process.exit(code),
  );
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
