import { randomUUID } from "node:crypto";
import { OptionalProps } from "@mikro-orm/core";
import { Check, Entity, Index, Property } from "@mikro-orm/decorators/legacy";
import { Field, ObjectType } from "type-graphql";
import { Node } from "../../graphql/node.js";
import { IdField } from "../../shared/id-field.js";
import { TimestampField } from "../../shared/timestamp-field.js";

/**
 * An identity provider allowed to provision through `/scim/v2` with a bearer token of its own.
 * Only the token's SHA-256 digest is stored; the token is shown once, when an ADMIN issues it.
 */
@Entity({ tableName: "scim_client" })
@Check({ name: "scim_client_name_not_blank", expression: "length(btrim(name)) > 0" })
// One live client per name: a revoked one keeps its name, and a new token may be issued under it.
@Index({
  name: "scim_client_live_name_key",
  expression: "create unique index scim_client_live_name_key on scim_client (name) where revoked_at is null",
})
@ObjectType("ScimClient", {
  implements: Node,
  description: "An identity provider with a SCIM token. The token is shown only once.",
})
export class ScimClient {
  [OptionalProps]?: "createdAt" | "revokedAt";

  @IdField("The client's id, for revoking its token.")
  id: string = randomUUID();

  @Field({ description: "Names the client in the audit log, as `scim:<name>`." })
  @Property({ length: 100 })
  name!: string;

  @Field({ description: "The public start of the token, e.g. `khs_4Fq9zX`." })
  @Property({ length: 32 })
  prefix!: string;

  @Property({ length: 64, unique: "scim_client_digest_key" })
  digest!: string;

  @TimestampField("When the token was issued.", { defaultNow: true })
  createdAt: Date = new Date();

  @Field({ description: "The email of the ADMIN who issued it." })
  @Property({ length: 254 })
  createdBy!: string;

  @TimestampField("When the token was revoked; null while it works.", { nullable: true })
  revokedAt: Date | null = null;
}
