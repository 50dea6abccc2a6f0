import { Migration } from "@mikro-orm/migrations";

// The functions that keep the risk summaries, with the signatures they were created with.
const FUNCTIONS = [
  "risk_on_holder()",
  "risk_on_risk_holder()",
  "risk_on_collaborator()",
  "risk_on_service()",
  "risk_on_api_key()",
  "risk_refresh_billing(uuid[])",
];

/**
 * The risk summaries are kept by triggers, which ran with the privileges of whoever wrote: the
 * server's role needed to write `risk_holder` and `risk_key_count` itself, and so could also set
 * any count it liked. The functions now run as their owner (with a fixed search path, so nothing
 * placed earlier on a caller's path is called in their stead); the server's role only reads the
 * summaries (`grantRuntimeRole`).
 */
export class Migration20261204160000_risk_summaries_as_owner extends Migration {
  override name = "Migration20261204160000_risk_summaries_as_owner";

  override up(): void | Promise<void> {
    for (const fn of FUNCTIONS) {
      this.addSql(`alter function ${fn} security definer set search_path = pg_catalog, public, pg_temp;`);
    }
    this.addSql("revoke execute on function risk_refresh_billing(uuid[]) from public;");
  }

  override down(): void | Promise<void> {
    this.addSql("grant execute on function risk_refresh_billing(uuid[]) to public;");
    for (const fn of FUNCTIONS) this.addSql(`alter function ${fn} security invoker reset search_path;`);
  }
}
