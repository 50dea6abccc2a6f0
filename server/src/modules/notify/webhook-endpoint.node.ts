import type { NodeTable } from "../../graphql/node.js";
import { Role } from "../../shared/role.js";
import { findWebhookEndpoints } from "./notify.service.js";
import { WebhookEndpointType } from "./notify.types.js";

/** Webhook endpoints as nodes: ADMINs only, as `webhookEndpoints` (a receiver's URL may carry its credentials). */
export const webhookEndpointNodes: NodeTable<WebhookEndpointType> = {
  table: "webhook_endpoint",
  type: WebhookEndpointType,
  typeName: () => "WebhookEndpoint",
  load: async (ctx, ids) =>
    (await findWebhookEndpoints(ctx, ids)).map((row) => Object.assign(new WebhookEndpointType(), row)),
  visible: (principal) => principal.role === Role.ADMIN,
};
