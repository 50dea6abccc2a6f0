import { OptionalProps } from "@mikro-orm/core";
import { Entity, Index, PrimaryKey, Property } from "@mikro-orm/decorators/legacy";

/** The organisation's on/off switch per notice category; a category without a row is on. */
@Entity({ tableName: "notify_category_setting" })
export class NotifyCategorySetting {
  @PrimaryKey({ length: 32 })
  category!: string;

  @Property({ default: true })
  enabled: boolean = true;

  @Property({ type: "datetime", length: 3, defaultRaw: "now()" })
  updatedAt: Date = new Date();
}

/**
 * One email notice to one recipient. Written by the jobs that turn changes and schedules into
 * notices, then sent over SMTP (`SENT`), or, with no SMTP configured, kept (`STORED`) and shown
 * in the console's Outbox. `dedupeKey` makes a notice once per cause and recipient, so a job run
 * twice (at-least-once) writes it once. Bodies name keys by name and prefix, never a secret.
 */
@Entity({ tableName: "notice_message" })
@Index({ name: "notice_message_created_idx", properties: ["createdAt", "id"] })
export class NoticeMessage {
  [OptionalProps]?: "createdAt" | "status" | "attempts" | "sentAt" | "lastError";

  @PrimaryKey({ type: "bigint", autoincrement: true })
  id!: string;

  @Property({ length: 300, unique: "notice_message_dedupe_key" })
  dedupeKey!: string;

  @Property({ length: 32 })
  category!: string;

  @Property({ length: 254 })
  recipient!: string;

  @Property({ length: 300 })
  subject!: string;

  @Property({ type: "text" })
  textBody!: string;

  @Property({ type: "text" })
  htmlBody!: string;

  /** PENDING, SENT, STORED (no SMTP configured) or FAILED. */
  @Property({ length: 8, default: "PENDING" })
  status: string = "PENDING";

  @Property({ type: "int", default: 0 })
  attempts: number = 0;

  @Property({ type: "text", nullable: true })
  lastError: string | null = null;

  @Property({ type: "datetime", length: 3, defaultRaw: "now()" })
  createdAt: Date = new Date();

  @Property({ type: "datetime", length: 3, nullable: true })
  sentAt: Date | null = null;
}

/** An integrator's receiver: where webhook events of the chosen types are delivered, signed. */
@Entity({ tableName: "webhook_endpoint" })
export class WebhookEndpoint {
  [OptionalProps]?: "createdAt" | "status" | "failingSince" | "description";

  @PrimaryKey({ type: "uuid" })
  id!: string;

  @Property({ length: 2048 })
  url!: string;

  @Property({ type: "text", nullable: true })
  description: string | null = null;

  @Property({ type: "text[]" })
  eventTypes!: string[];

  /** The signing secret (`whsec_…`); shown once when the endpoint is created, never read back. */
  @Property({ length: 100, lazy: true })
  secret!: string;

  /** ACTIVE, or FAILING once a delivery ran out of retries. */
  @Property({ length: 8, default: "ACTIVE" })
  status: string = "ACTIVE";

  @Property({ type: "datetime", length: 3, nullable: true })
  failingSince: Date | null = null;

  @Property({ type: "datetime", length: 3, defaultRaw: "now()" })
  createdAt: Date = new Date();
}

/**
 * One event to one endpoint: its payload is fixed when the event happens, and its id is the
 * `webhook-id` of every attempt, so receivers can drop a repeat.
 */
@Entity({ tableName: "webhook_delivery" })
@Index({ name: "webhook_delivery_endpoint_idx", properties: ["endpointId", "createdAt"] })
export class WebhookDelivery {
  [OptionalProps]?:
    | "createdAt"
    | "status"
    | "attempts"
    | "lastStatusCode"
    | "lastError"
    | "lastAttemptAt"
    | "deliveredAt";

  @PrimaryKey({ length: 40 })
  id!: string;

  @Property({ type: "uuid" })
  endpointId!: string;

  @Property({ length: 300, unique: "webhook_delivery_dedupe_key" })
  dedupeKey!: string;

  @Property({ length: 64 })
  eventType!: string;

  @Property({ type: "jsonb" })
  payload!: Record<string, unknown>;

  /** PENDING, DELIVERED or FAILED (out of retries). */
  @Property({ length: 9, default: "PENDING" })
  status: string = "PENDING";

  @Property({ type: "int", default: 0 })
  attempts: number = 0;

  @Property({ type: "int", nullable: true })
  lastStatusCode: number | null = null;

  @Property({ type: "text", nullable: true })
  lastError: string | null = null;

  @Property({ type: "datetime", length: 3, nullable: true })
  lastAttemptAt: Date | null = null;

  @Property({ type: "datetime", length: 3, nullable: true })
  deliveredAt: Date | null = null;

  @Property({ type: "datetime", length: 3, defaultRaw: "now()" })
  createdAt: Date = new Date();
}

/**
 * A queue worker of a running instance, and the backend pid of that instance's presence
 * connection: while that connection lives the instance does. Jobs locked by a worker of an
 * instance that is gone (killed, crashed) are unlocked and run again by the others.
 */
@Entity({ tableName: "job_worker" })
export class JobWorker {
  [OptionalProps]?: "startedAt";

  @PrimaryKey({ length: 64 })
  workerId!: string;

  @Property({ type: "int" })
  backendPid!: number;

  @Property({ type: "datetime", length: 3, defaultRaw: "now()" })
  startedAt: Date = new Date();
}
