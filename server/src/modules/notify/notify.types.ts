import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { Node } from "../../graphql/node.js";
import { UserError } from "../../graphql/payload.js";

@ObjectType("Notice", {
  description: "An email notice: sent over SMTP, or kept here when no SMTP server is configured.",
})
export class NoticeType {
  @Field(() => ID)
  id!: string;

  @Field({ description: "EXPIRY, KEY_CHANGE, OFFBOARDING, GROUP or DIGEST." })
  category!: string;

  @Field()
  recipient!: string;

  @Field()
  subject!: string;

  @Field({ description: "The plain-text body (the HTML one says the same)." })
  textBody!: string;

  @Field({ description: "PENDING, SENT, STORED (kept: no SMTP configured) or FAILED." })
  status!: string;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  sentAt!: Date | null;
}

@ObjectType("NoticeCategorySetting", { description: "Whether the organisation receives one category of notices." })
export class NoticeCategorySetting {
  @Field()
  category!: string;

  @Field()
  enabled!: boolean;
}

@InputType("SetNoticeCategoryInput")
export class SetNoticeCategoryInput {
  @Field({ description: "EXPIRY, KEY_CHANGE, OFFBOARDING, GROUP or DIGEST." })
  category!: string;

  @Field()
  enabled!: boolean;
}

@ObjectType("WebhookEndpoint", {
  implements: Node,
  description: "A receiver of signed webhook events (Standard Webhooks).",
})
export class WebhookEndpointType {
  @Field(() => ID)
  id!: string;

  @Field()
  url!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => [String], { description: 'The event types delivered to it ("*": all).' })
  eventTypes!: string[];

  @Field({ description: "ACTIVE, or FAILING once a delivery ran out of retries (a later success makes it ACTIVE)." })
  status!: string;

  @Field(() => Date, { nullable: true })
  failingSince!: Date | null;

  @Field()
  createdAt!: Date;
}

@ObjectType("WebhookDelivery", { description: "One event to one endpoint, with its latest attempt." })
export class WebhookDeliveryType {
  @Field(() => ID, { description: "The `webhook-id` header of every attempt: receivers drop a repeat by it." })
  id!: string;

  @Field(() => ID)
  endpointId!: string;

  @Field()
  eventType!: string;

  @Field(() => GraphQLJSONObject, { description: "The body sent: `{ type, timestamp, data }`." })
  payload!: Record<string, unknown>;

  @Field({ description: "PENDING (being tried), DELIVERED or FAILED (out of retries)." })
  status!: string;

  @Field(() => Int)
  attempts!: number;

  @Field(() => Int, { nullable: true, description: "The HTTP status of the latest attempt." })
  lastStatusCode!: number | null;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => Date, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true })
  deliveredAt!: Date | null;

  @Field()
  createdAt!: Date;
}

@InputType("CreateWebhookEndpointInput")
export class CreateWebhookEndpointInput {
  @Field({ description: "http(s) URL; loopback and private addresses are refused unless the server allows them." })
  url!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [String], { description: 'Event types to deliver, or ["*"] for all.' })
  eventTypes!: string[];
}

@ObjectType("CreateWebhookEndpointPayload")
export class CreateWebhookEndpointPayload {
  @Field(() => WebhookEndpointType, { nullable: true })
  endpoint?: WebhookEndpointType | null;

  @Field(() => String, { nullable: true, description: "The signing secret (whsec_…), shown this once. Store it now." })
  signingSecret?: string | null;

  @Field(() => [UserError])
  errors!: UserError[];
}
