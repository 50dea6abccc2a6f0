import { OptionalProps } from "@mikro-orm/core";
import { Entity, Index, PrimaryKey, Property } from "@mikro-orm/decorators/legacy";
import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";

/**
 * One recorded change, written in the same transaction as the change itself.
 * The table is append-only: triggers refuse UPDATE, DELETE and TRUNCATE (the TRUNCATE one lives
 * in the initial migration, as schema introspection does not report TRUNCATE triggers).
 */
@Entity({
  tableName: "audit_event",
  triggers: [
    {
      name: "audit_event_append_only",
      timing: "before",
      events: ["update", "delete"],
      forEach: "row",
      body: "raise exception 'audit_event is append-only' using errcode = '42501';",
    },
  ],
})
// The trail is listed newest first by id (the order events were recorded), so the primary key
// serves the unfiltered list; a time range is found with a BRIN index, which an append-only table
// keeps in time order at almost no cost per insert (a bulk write records one event per key).
@Index({
  name: "audit_event_occurred_brin",
  expression: "create index audit_event_occurred_brin on audit_event using brin (occurred_at)",
})
@Index({ name: "audit_event_actor_idx", properties: ["actorId", "id"] })
@Index({ name: "audit_event_subject_idx", properties: ["subjectType", "subjectId", "occurredAt"] })
@Index({ name: "audit_event_action_idx", properties: ["action", "id"] })
@ObjectType("AuditEvent", { description: "One recorded change: who, what, when, before and after, and why." })
export class AuditEvent {
  [OptionalProps]?: "occurredAt" | "before" | "after" | "actorId" | "credentialId" | "reason" | "requestId";

  @Field(() => ID)
  @PrimaryKey({ type: "bigint", autoincrement: true })
  id!: string;

  @Field()
  @Property({ type: "datetime", length: 3, defaultRaw: "now()" })
  occurredAt: Date = new Date();

  /** The account that made the change; null for the system itself (migrations, seeds, jobs). */
  @Field(() => ID, { nullable: true })
  @Property({ type: "uuid", nullable: true })
  actorId: string | null = null;

  /** The actor's email at the time, kept so the trail reads well even after changes. */
  @Field({ description: "The actor's email at the time, or `system`." })
  @Property({ length: 254 })
  actorLabel!: string;

  /** How the actor authenticated: SESSION, TOKEN, CLI or SYSTEM. */
  @Field({ description: "SESSION, TOKEN, CLI or SYSTEM." })
  @Property({ length: 16 })
  credentialKind!: string;

  @Field(() => ID, { nullable: true, description: "The session or access token used." })
  @Property({ type: "uuid", nullable: true })
  credentialId: string | null = null;

  @Field({ description: "What happened, e.g. `service.archived`." })
  @Property({ length: 64 })
  action!: string;

  @Field()
  @Property({ length: 32 })
  subjectType!: string;

  @Field(() => ID)
  @Property({ length: 64 })
  subjectId!: string;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @Property({ type: "json", nullable: true })
  before: Record<string, unknown> | null = null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @Property({ type: "json", nullable: true })
  after: Record<string, unknown> | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: "text", nullable: true })
  reason: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ length: 64, nullable: true })
  requestId: string | null = null;
}
