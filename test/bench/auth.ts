import pg from "pg";
import { serverModule } from "./server-module.ts";

/** What the server's shared/secrets.js and modules/auth/auth-settings.js export (loaded at run time). */
interface SecretsModule {
  mintChecksummed(typePrefix: string): { secret: string; digest: string; prefix: string };
}
interface AuthSettingsModule {
  ACCESS_TOKEN_PREFIX: string;
}

/**
 * Gives the bench an access token (VIEWER unless told otherwise) when the migrated schema has access tokens, and returns
 * the `Authorization` header value to send (null when the API needs none). The token is minted
 * with the server's own code, so it is valid by construction; its last use is set to now so the
 * server's once-a-minute "last used" write does not land in the warm-up.
 */
export async function provisionAccessToken(databaseUrl: string, role = "VIEWER"): Promise<string | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ exists: boolean }>(
      "select to_regclass('access_token') is not null as exists",
    );
    if (!rows[0]?.exists) return null;
    let minted: { secret: string; digest: string; prefix: string };
    try {
      const { mintChecksummed } = await serverModule<SecretsModule>("shared/secrets");
      const { ACCESS_TOKEN_PREFIX } = await serverModule<AuthSettingsModule>("modules/auth/auth-settings");
      minted = mintChecksummed(ACCESS_TOKEN_PREFIX);
    } catch (error) {
      throw new Error(
        `the schema has access tokens but the server build cannot mint one (${(error as Error).message}); update test/bench/auth.ts`,
      );
    }
    const user = await client.query<{ id: string }>(
      `insert into holder (id, kind, email, name, status, console_role)
       values (gen_random_uuid(), 'USER', $1, 'Bench runner', 'ACTIVE', $2)
       returning id`,
      [`bench-${role.toLowerCase()}@keyholder.invalid`, role],
    );
    await client.query(
      `insert into access_token (id, user_id, name, role, prefix, digest, expires_at, last_used_at)
       values (gen_random_uuid(), $1, 'pnpm bench', $4, $2, $3, now() + interval '1 day', now())`,
      [user.rows[0]!.id, minted.prefix, minted.digest, role],
    );
    return `Bearer ${minted.secret}`;
  } finally {
    await client.end();
  }
}
