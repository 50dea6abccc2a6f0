import { Migration } from "@mikro-orm/migrations";

/** The provider subject each account was first signed in to through an OpenID Connect issuer. */
export class Migration20261204180000_oidc_identity extends Migration {
  override name = "Migration20261204180000_oidc_identity";

  override up(): void | Promise<void> {
    this.addSql(
      `create table "oidc_identity" ("issuer" text not null, "subject" text not null, "user_id" uuid not null, "linked_at" timestamptz(3) not null, primary key ("issuer", "subject"));`,
    );
    this.addSql(
      `alter table "oidc_identity" add constraint "oidc_identity_issuer_user_key" unique ("issuer", "user_id");`,
    );
    this.addSql(
      `alter table "oidc_identity" add constraint "oidc_identity_user_id_foreign" foreign key ("user_id") references "holder" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table "oidc_identity";`);
  }
}
