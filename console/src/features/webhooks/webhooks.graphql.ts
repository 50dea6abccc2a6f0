import { graphql, type ResultOf, UserErrorFields } from "@keyholder/graphql";

export const WebhookEndpointFields = graphql(`
  fragment WebhookEndpointFields on WebhookEndpoint {
    id
    url
    description
    eventTypes
    status
    failingSince
    createdAt
  }
`);

/** A webhook endpoint as the console shows it. */
export type WebhookEndpoint = ResultOf<typeof WebhookEndpointFields>;

export const WebhookEndpointsQuery = graphql(
  `
  query WebhookEndpoints {
    webhookEndpoints {
      ...WebhookEndpointFields
    }
    webhookEventTypes {
      name
      description
    }
  }
`,
  [WebhookEndpointFields],
);

export const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($endpointId: ID!, $first: Int, $after: String) {
    webhookDeliveries(endpointId: $endpointId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        eventType
        status
        attempts
        lastStatusCode
        lastError
        lastAttemptAt
        deliveredAt
        createdAt
      }
    }
  }
`);

export const CreateWebhookEndpointMutation = graphql(
  `
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      endpoint {
        ...WebhookEndpointFields
      }
      signingSecret
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [WebhookEndpointFields, UserErrorFields],
);

export const DeleteWebhookEndpointMutation = graphql(
  `
  mutation DeleteWebhookEndpoint($id: ID!) {
    deleteWebhookEndpoint(input: { id: $id }) {
      endpoint {
        id
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);

export const RedeliverWebhookMutation = graphql(
  `
  mutation RedeliverWebhook($id: ID!) {
    redeliverWebhook(input: { id: $id }) {
      delivery {
        id
        status
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);
