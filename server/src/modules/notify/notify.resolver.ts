import { Arg, Args, Authorized, Ctx, ID, Query, Resolver } from "type-graphql";
import { ConnectionType } from "../../graphql/connection.js";
import { IdInput, type IdInputShape } from "../../graphql/id-input.js";
import { PayloadMutations } from "../../graphql/mutation.js";
import { PageArgs } from "../../graphql/page.args.js";
import { PayloadType } from "../../graphql/payload.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listNoticeCategories,
  listOutbox,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverWebhook,
  setNoticeCategory,
} from "./notify.service.js";
import {
  CreateWebhookEndpointInput,
  CreateWebhookEndpointPayload,
  NoticeCategorySetting,
  NoticeType,
  SetNoticeCategoryInput,
  WebhookDeliveryType,
  WebhookEndpointType,
  WebhookEventTypeInfo,
} from "./notify.types.js";
import { WEBHOOK_EVENTS } from "./webhook-events.js";

const NoticeConnection = ConnectionType("Notice", NoticeType);
const WebhookDeliveryConnection = ConnectionType("WebhookDelivery", WebhookDeliveryType);
const SetNoticeCategoryPayload = PayloadType("SetNoticeCategory", "setting", NoticeCategorySetting, {
  payload: "A notice category as it is set now.",
  field: "The category setting.",
});
const DeleteWebhookEndpointPayload = PayloadType("DeleteWebhookEndpoint", "endpoint", WebhookEndpointType, {
  payload: "The webhook endpoint removed.",
  field: "The endpoint as it was.",
});
const RedeliverWebhookPayload = PayloadType("RedeliverWebhook", "delivery", WebhookDeliveryType, {
  payload: "The webhook delivery queued again.",
  field: "The delivery.",
});
const DeleteWebhookEndpointInput = IdInput("DeleteWebhookEndpoint", {
  input: "The webhook endpoint to remove.",
  id: "The endpoint; one already removed is WEBHOOK_NOT_FOUND.",
});
const RedeliverWebhookInput = IdInput("RedeliverWebhook", {
  input: "The webhook delivery to send again.",
  id: "The delivery, as webhookDeliveries lists it.",
});

@Resolver()
export class NotifyResolver {
  @Authorized(Role.VIEWER)
  @Query(() => NoticeConnection, { description: "The email notices, newest first: sent, kept (no SMTP) or failed." })
  async outbox(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("status", () => String, { nullable: true, description: "PENDING, SENT, STORED or FAILED." })
    status: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return new NoticeConnection(await listOutbox(ctx, { status }, page));
  }

  @Authorized(Role.VIEWER)
  @Query(() => [NoticeCategorySetting], { description: "Each notice category and whether it is on." })
  noticeCategories(@Ctx() ctx: RequestContext) {
    return listNoticeCategories(ctx);
  }

  @Authorized(Role.ADMIN)
  @Query(() => [WebhookEndpointType], { description: "The webhook endpoints (ADMIN)." })
  webhookEndpoints(@Ctx() ctx: RequestContext) {
    return listWebhookEndpoints(ctx);
  }

  @Authorized(Role.ADMIN)
  @Query(() => [WebhookEventTypeInfo], {
    description: 'The event types an endpoint may subscribe to, besides "*" (every type, including ones added later).',
  })
  webhookEventTypes(): WebhookEventTypeInfo[] {
    return Object.entries(WEBHOOK_EVENTS).map(([name, description]) => ({ name, description }));
  }

  @Authorized(Role.ADMIN)
  @Query(() => WebhookDeliveryConnection, { description: "An endpoint's delivery log, newest first (ADMIN)." })
  async webhookDeliveries(
    @Arg("endpointId", () => ID, { description: "The endpoint whose deliveries to list." }) endpointId: string,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ) {
    return new WebhookDeliveryConnection(await listWebhookDeliveries(ctx, endpointId, page));
  }
}

export const NotifyMutations = PayloadMutations(Role.ADMIN, {
  setNoticeCategory: {
    payload: SetNoticeCategoryPayload,
    description: "Turns a category of notices on or off for everyone.",
    input: { type: SetNoticeCategoryInput, description: "The category and whether it is on." },
    run: setNoticeCategory,
  },
  createWebhookEndpoint: {
    payload: CreateWebhookEndpointPayload,
    description: "Registers a webhook endpoint; its signing secret is shown once.",
    input: { type: CreateWebhookEndpointInput, description: "The URL and the event types to deliver." },
    run: async (ctx, input) => {
      const { endpoint, secret } = await createWebhookEndpoint(ctx, input);
      return { endpoint, signingSecret: secret };
    },
  },
  deleteWebhookEndpoint: {
    payload: DeleteWebhookEndpointPayload,
    description: "Removes a webhook endpoint; its delivery log stays.",
    input: { type: DeleteWebhookEndpointInput, description: "The endpoint to remove." },
    run: (ctx, input: IdInputShape) => deleteWebhookEndpoint(ctx, input.id),
  },
  redeliverWebhook: {
    payload: RedeliverWebhookPayload,
    description: "Sends a delivery again, with the same webhook-id and payload.",
    input: { type: RedeliverWebhookInput, description: "The delivery to send again." },
    run: (ctx, input: IdInputShape) => redeliverWebhook(ctx, input.id),
  },
});
