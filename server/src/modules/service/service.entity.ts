import { randomUUID } from "node:crypto";
import { OptionalProps } from "@mikro-orm/core";
import { Check, Entity, Index, Property } from "@mikro-orm/decorators/legacy";
import { Field, Int, ObjectType } from "type-graphql";
import { Node } from "../../graphql/node.js";
import { IdField } from "../../shared/id-field.js";
import { TimestampField } from "../../shared/timestamp-field.js";

/** Something keys are used on, such as a payment service. Exists in both environments. */
@Entity({ tableName: "service" })
@Check({ name: "service_slug_format", expression: "slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'" })
@Index({
  name: "service_name_trgm_idx",
  expression: "create index service_name_trgm_idx on service using gin (lower(name) gin_trgm_ops)",
})
@Index({
  name: "service_slug_trgm_idx",
  expression: "create index service_slug_trgm_idx on service using gin (slug gin_trgm_ops)",
})
@ObjectType("Service", {
  implements: Node,
  simpleResolvers: true,
  description: "Something keys are used on, in both STAGING and PRODUCTION.",
})
export class Service {
  [OptionalProps]?: "createdAt" | "updatedAt" | "version";

  @IdField("The service's id.")
  id: string = randomUUID();

  @Field({ description: "Unique, lower-case, hyphenated identifier, e.g. `parking-fines`." })
  @Property({ length: 63, unique: "service_slug_key" })
  slug!: string;

  @Field({ description: "A display name, e.g. `Parking fines`." })
  @Property({ length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: "What the service is; null when not given." })
  @Property({ type: "text", nullable: true })
  description: string | null = null;

  @TimestampField("Archived services accept no key.", { nullable: true })
  archivedAt: Date | null = null;

  @TimestampField("When the service was added.", { defaultNow: true })
  createdAt: Date = new Date();

  @Field({ description: "When the service last changed." })
  @Property({ type: "datetime", length: 3, defaultRaw: "now()", onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Field(() => Int, { description: "Optimistic-locking version: send it back when updating." })
  @Property({ version: true })
  version!: number;
}
