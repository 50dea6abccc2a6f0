import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { MikroORM } from "@mikro-orm/postgresql";
import type { Logger } from "../logger.js";
import { createConsoleAccount } from "../modules/auth/bootstrap.service.js";
import { Role } from "../shared/role.js";
import { cliContext } from "../shared/system-context.js";

export const DEMO_ADMIN_EMAIL = "admin@demo.keyholder.example";

/** The demo admin's sign-in, kept beside the embedded database so every start can print it. */
export interface DemoCredentials {
  email: string;
  password: string;
}

/**
 * Makes sure the embedded demo has an ADMIN to sign in with. The password is generated once
 * and kept (mode 0600) in the data directory, next to the database it unlocks.
 */
export async function ensureDemoAdmin(orm: MikroORM, dataDir: string, logger: Logger): Promise<DemoCredentials> {
  const file = join(dataDir, "demo-admin.json");
  const saved = await readFile(file, "utf8").then(
    (text) => JSON.parse(text) as DemoCredentials,
    () => null,
  );
  if (saved) return saved;
  const { password } = await createConsoleAccount(cliContext(orm, logger), {
    email: DEMO_ADMIN_EMAIL,
    name: "Demo Admin",
    role: Role.ADMIN,
  });
  const credentials = { email: DEMO_ADMIN_EMAIL, password };
  await writeFile(file, `${JSON.stringify(credentials)}\n`, { mode: 0o600 });
  return credentials;
}
