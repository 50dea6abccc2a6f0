import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { Node } from "../../graphql/node.js";
import { SecretPayloadType } from "../../graphql/payload.js";

@ObjectType("Notice", {
  description: "An email notice: sent over SMTP, or kept here when no SMTP server is configured.",
})
export class NoticeType {
  @Field(() => ID, { description: "The notice's id." })
  id!: string;

  @Field({ description: "EXPIRY, KEY_CHANGE, OFFBOARDING, GROUP or DIGEST." })
  category!: string;

  @Field({ description: "The email address it is for." })
  recipient!: string;

  @Field({ description: "The email's subject line." })
  subject!: string;

  @Field({ description: "The plain-text body (the HTML one says the same)." })
  textBody!: string;

  @Field({ description: "PENDING, SENT, STORED (kept: no SMTP configured) or FAILED." })
  status!: string;

  @Field(() => Int, { description: "How many times sending was tried." })
  attempts!: number;

  @Field(() => String, { nullable: true, description: "The last sending failure, if any." })
  lastError!: string | null;

  @Field({ description: "When the notice was queued." })
  createdAt!: Date;

  @Field(() => Date, {
    nullable: true,
    description: "When the SMTP server accepted it; null until then, and for stored notices.",
  })
  sentAt!: Date | null;
}

@ObjectType("NoticeCategorySetting", { description: "Whether the organisation receives one category of notices." })
export class NoticeCategorySetting {
  @Field({ description: "EXPIRY, KEY_CHANGE, OFFBOARDING, GROUP or DIGEST." })
  category!: string;

  @Field({ description: "Whether notices of this category are sent." })
  enabled!: boolean;
}

@ObjectType("WebhookEventType", { description: "An event type a webhook endpoint may subscribe to." })
export class WebhookEventTypeInfo {
  @Field({ description: "The type's name, as deliveries carry it in `type`, e.g. api_key.revoked." })
  name!: string;

  @Field({ description: "What causes the event." })
  description!: string;
}

@InputType("SetNoticeCategoryInput", { description: "A notice category to turn on or off." })
export class SetNoticeCategoryInput {
  @Field({ description: "EXPIRY, KEY_CHANGE, OFFBOARDING, GROUP or DIGEST." })
  category!: string;

  @Field({ description: "True to send notices of this category, false to stop." })
  enabled!: boolean;
}

@ObjectType("WebhookEndpoint", {
  implements: Node,
  description: "A receiver of signed webhook events (Standard Webhooks).",
})
export class WebhookEndpointType {
  @Field(() => ID, { description: "The endpoint's id." })
  id!: string;

  @Field({ description: "Where events are POSTed." })
  url!: string;

  @Field(() => String, { nullable: true, description: "What the endpoint is for; null when not given." })
  description!: string | null;

  @Field(() => [String], { description: 'The event types delivered to it ("*": all).' })
  eventTypes!: string[];

  @Field({ description: "ACTIVE, or FAILING once a delivery ran out of retries (a later success makes it ACTIVE)." })
  status!: string;

  @Field(() => Date, { nullable: true, description: "When it started failing; null while ACTIVE." })
  failingSince!: Date | null;

  @Field({ description: "When it was registered." })
  createdAt!: Date;
}

@ObjectType("WebhookDelivery", { description: "One event to one endpoint, with its latest attempt." })
export class WebhookDeliveryType {
  @Field(() => ID, { description: "The `webhook-id` header of every attempt: receivers drop a repeat by it." })
  id!: string;

  @Field(() => ID, { description: "The endpoint it is for." })
  endpointId!: string;

  @Field({ description: "The event, e.g. `api_key.revoked`." })
  eventType!: string;

  @Field(() => GraphQLJSONObject, { description: "The body sent: `{ type, timestamp, data }`." })
  payload!: Record<string, unknown>;

  @Field({ description: "PENDING (being tried), DELIVERED or FAILED (out of retries)." })
  status!: string;

  @Field(() => Int, { description: "How many times sending was tried." })
  attempts!: number;

  @Field(() => Int, { nullable: true, description: "The HTTP status of the latest attempt." })
  lastStatusCode!: number | null;

  @Field(() => String, { nullable: true, description: "Why the latest attempt failed, if it did." })
  lastError!: string | null;

  @Field(() => Date, { nullable: true, description: "When it was last tried; null before the first attempt." })
  lastAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "When the endpoint answered 2xx; null until then." })
  deliveredAt!: Date | null;

  @Field({ description: "When the event was queued for this endpoint." })
  createdAt!: Date;
}

@InputType("CreateWebhookEndpointInput", { description: "A new receiver of webhook events." })
export class CreateWebhookEndpointInput {
  @Field({ description: "http(s) URL; loopback and private addresses are refused unless the server allows them." })
  url!: string;

  @Field(() => String, { nullable: true, description: "What the endpoint is for; optional." })
  description?: string | null;

  @Field(() => [String], { description: 'Event types to deliver, or ["*"] for all.' })
  eventTypes!: string[];
}

export const CreateWebhookEndpointPayload = SecretPayloadType(
  "CreateWebhookEndpoint",
  ["endpoint", "signingSecret"],
  WebhookEndpointType,
  {
    payload: "The endpoint registered, with its signing secret shown this once.",
    field: "The endpoint registered.",
    secret: "The signing secret (whsec_…), shown this once. Store it now.",
  },
);
