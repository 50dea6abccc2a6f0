import { randomUUID } from "node:crypto";
import { OptionalProps, type Rel } from "@mikro-orm/core";
import { Entity, Enum, Index, ManyToOne, Property, Unique } from "@mikro-orm/decorators/legacy";
import { Field, ObjectType } from "type-graphql";
import { Node } from "../../graphql/node.js";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { IdField } from "../../shared/id-field.js";
import { TimestampField } from "../../shared/timestamp-field.js";
import { Holder } from "../holder/holder.entity.js";
import { Service } from "../service/service.entity.js";

/** A holder's role on a service; unique per (service, holder, role). */
@Entity({ tableName: "collaborator" })
@Unique({ name: "collaborator_service_holder_role_key", properties: ["service", "holder", "role"] })
@Index({ name: "collaborator_holder_role_idx", properties: ["holder", "role"] })
// A service's roles in the order its collaborators are listed, with every column the list reads
// of a role: a page of them is read from this index alone (Migration20261205090600_collaborator_holder_email).
@Index({
  name: "collaborator_service_role_idx",
  expression: `create index "collaborator_service_role_idx" on "collaborator" ("service_id", "role", "holder_email", "id") include ("holder_id", "created_at")`,
})
@ObjectType("Collaborator", {
  implements: Node,
  simpleResolvers: true,
  description: "A holder's role on a service.",
})
export class Collaborator {
  [OptionalProps]?: "createdAt";

  @IdField("The collaborator's id (one holder's role on one service).")
  id: string = randomUUID();

  @Field(() => Service, { description: "The service the role is on." })
  @ManyToOne(() => Service, { deleteRule: "restrict" })
  service!: Rel<Service>;

  @Field(() => Holder, { description: "The user or group email that has the role." })
  @ManyToOne(() => Holder, { deleteRule: "restrict" })
  holder!: Rel<Holder>;

  @Field(() => CollaboratorRole, { description: "The role: BILLING makes the holder's keys work on the service." })
  @Enum({ items: () => CollaboratorRole, length: 8 })
  role!: CollaboratorRole;

  @TimestampField("When the role was given.", { defaultNow: true })
  createdAt: Date = new Date();

  /**
   * The holder's email, a sort key of a service's collaborators: set by the database from the
   * holder on every write of the role and of the holder's email (the migration's triggers), never
   * by the server. Null only for a role whose holder does not exist, which the foreign key refuses.
   */
  @Property({ length: 254, nullable: true })
  holderEmail?: string | null;
}
