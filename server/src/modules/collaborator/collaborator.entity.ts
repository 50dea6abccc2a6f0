import { randomUUID } from "node:crypto";
import { OptionalProps, type Rel } from "@mikro-orm/core";
import { Entity, Enum, Index, ManyToOne, Unique } from "@mikro-orm/decorators/legacy";
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
@Index({ name: "collaborator_service_role_idx", properties: ["service", "role"] })
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
}
