import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { maskFragments } from "gql.tada";
import { describe, expect, it } from "vitest";
import { openDialog } from "../../test/interact.js";
import { payloadOf } from "../../test/payload.js";
import { answerOf, renderConsole, type WithTypenames } from "../../test/render.js";
import WebhooksPage from "./WebhooksPage.js";
import {
  CreateWebhookEndpointMutation,
  RedeliverWebhookMutation,
  WebhookDeliveriesQuery,
  type WebhookEndpoint,
  WebhookEndpointFields,
  WebhookEndpointsQuery,
} from "./webhooks.graphql.js";

/** The SIEM endpoint, failing since December, as the API answers it (masked, as its fragment is). */
function endpoint(overrides: Partial<WebhookEndpoint> = {}) {
  const data: WithTypenames<WebhookEndpoint> = {
    __typename: "WebhookEndpoint",
    id: "e-1",
    url: "https://siem.example.org/hooks",
    description: "SIEM",
    eventTypes: ["api_key.revoked"],
    status: "FAILING",
    failingSince: "2026-12-01T10:00:00.000Z",
    createdAt: "2026-11-01T10:00:00.000Z",
    ...overrides,
  };
  return maskFragments([WebhookEndpointFields], data);
}

/** The event types as the API lists them (a few of them). */
const eventTypes = [
  { __typename: "WebhookEventType", name: "api_key.revoked", description: "A key was revoked." },
  {
    __typename: "WebhookEventType",
    name: "leaver_case.opened",
    description: "The identity provider deactivated a user, opening a leaver case.",
  },
] as const;

const delivery = {
  __typename: "WebhookDelivery",
  id: "msg_0123456789abcdef0123456789abcdef",
  eventType: "api_key.revoked",
  status: "FAILED",
  attempts: 13,
  lastStatusCode: 503,
  lastError: "HTTP 503",
  lastAttemptAt: "2026-12-01T10:00:00.000Z",
  deliveredAt: null,
  createdAt: "2026-11-30T10:00:00.000Z",
} as const;

describe("WebhooksPage", () => {
  it("is for ADMINs: below, it says so and asks for nothing", async () => {
    const { operations } = renderConsole(<WebhooksPage />, { role: "OPERATOR", url: "/webhooks" });
    expect(await screen.findByText("You need the Admin role")).toBeTruthy();
    expect(operations).toHaveLength(0);
  });

  it("lists endpoints, opens one's delivery log, and sends a delivery again", async () => {
    const user = userEvent.setup();
    const { operations, location } = renderConsole(<WebhooksPage />, {
      url: "/webhooks",
      answers: {
        WebhookEndpoints: answerOf(WebhookEndpointsQuery, {
          webhookEndpoints: [endpoint()],
          webhookEventTypes: [...eventTypes],
        }),
        WebhookDeliveries: answerOf(WebhookDeliveriesQuery, {
          webhookDeliveries: {
            __typename: "WebhookDeliveryConnection",
            totalCount: 1,
            pageInfo: { __typename: "PageInfo", hasNextPage: false, endCursor: null },
            nodes: [delivery],
          },
        }),
        RedeliverWebhook: payloadOf(RedeliverWebhookMutation, {
          delivery: { __typename: "WebhookDelivery", id: delivery.id, status: "PENDING" },
        }),
      },
    });
    expect(await screen.findByText("https://siem.example.org/hooks")).toBeTruthy();
    expect(screen.getByText("failing")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Deliveries to https://siem.example.org/hooks" }));
    expect(location.history.at(-1)).toBe("/webhooks?endpoint=e-1");
    const log = await screen.findByRole("table", { name: "Deliveries" });
    expect(within(log).getByText("503: HTTP 503")).toBeTruthy();
    await user.click(within(log).getByRole("button", { name: `Send ${delivery.id} again` }));
    await waitFor(() => expect(operations.some((o) => o.name === "RedeliverWebhook")).toBe(true));
    expect(operations.find((o) => o.name === "RedeliverWebhook")?.variables).toEqual({ id: delivery.id });
  });

  it("checks the form before sending, shows the API's refusal beside the URL, and the signing secret once", async () => {
    const user = userEvent.setup();
    let refuse = true;
    const { operations } = renderConsole(<WebhooksPage />, {
      url: "/webhooks",
      answers: {
        WebhookEndpoints: answerOf(WebhookEndpointsQuery, { webhookEndpoints: [], webhookEventTypes: [...eventTypes] }),
        CreateWebhookEndpoint: () =>
          refuse
            ? payloadOf(CreateWebhookEndpointMutation, { endpoint: null, signingSecret: null }, [
                {
                  field: "url",
                  code: "WEBHOOK_URL_REFUSED",
                  message: "The URL is refused: its host is a loopback or private address.",
                },
              ])
            : payloadOf(CreateWebhookEndpointMutation, {
                endpoint: endpoint({ status: "ACTIVE", failingSince: null }),
                signingSecret: "whsec_c2VjcmV0LXNpZ25pbmcta2V5",
              }),
      },
    });
    await screen.findByText(/No webhook endpoints/);
    const dialog = await openDialog(user, "New endpoint", "New webhook endpoint");
    const url = within(dialog).getByRole("textbox", { name: "URL" });
    await user.type(url, "siem.example.org");
    await user.click(within(dialog).getByRole("button", { name: "Add endpoint" }));
    expect(await within(dialog).findByText("An http:// or https:// address")).toBeTruthy();
    expect(operations.some((o) => o.name === "CreateWebhookEndpoint")).toBe(false);
    await user.clear(url);
    await user.type(url, "http://10.0.0.5/hooks");
    await user.click(within(dialog).getByRole("button", { name: "Add endpoint" }));
    expect(await within(dialog).findAllByText(/loopback or private address/)).not.toHaveLength(0);
    refuse = false;
    await user.clear(url);
    await user.type(url, "https://siem.example.org/hooks");
    await user.click(within(dialog).getByRole("button", { name: "Add endpoint" }));
    expect(await screen.findByTestId("secret")).toHaveProperty("textContent", "whsec_c2VjcmV0LXNpZ25pbmcta2V5");
    expect(operations.filter((o) => o.name === "CreateWebhookEndpoint").at(-1)?.variables).toEqual({
      input: { url: "https://siem.example.org/hooks", description: null, eventTypes: ["*"] },
    });
    expect(screen.getByText(/Keyholder uses it only to sign/)).toBeTruthy();
  }, 20_000);

  it("offers the event types the API lists, each described, and sends only the ones chosen", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(<WebhooksPage />, {
      url: "/webhooks",
      answers: {
        WebhookEndpoints: answerOf(WebhookEndpointsQuery, { webhookEndpoints: [], webhookEventTypes: [...eventTypes] }),
        CreateWebhookEndpoint: payloadOf(CreateWebhookEndpointMutation, {
          endpoint: endpoint({ status: "ACTIVE", failingSince: null, eventTypes: ["leaver_case.opened"] }),
          signingSecret: "whsec_c2VjcmV0LXNpZ25pbmcta2V5",
        }),
      },
    });
    await screen.findByText(/No webhook endpoints/);
    const dialog = await openDialog(user, "New endpoint", "New webhook endpoint");
    await user.type(within(dialog).getByRole("textbox", { name: "URL" }), "https://siem.example.org/hooks");
    const events = within(dialog).getByRole("combobox", { name: "Events" });
    await user.click(events);
    await user.keyboard("{Backspace}");
    const option = await screen.findByRole("option", { name: /leaver_case\.opened/ });
    expect(option.textContent).toContain("opening a leaver case");
    expect(screen.getByRole("option", { name: /All events/ }).textContent).toContain("including types added later");
    await user.click(option);
    await user.click(within(dialog).getByRole("button", { name: "Add endpoint" }));
    await waitFor(() => expect(operations.some((o) => o.name === "CreateWebhookEndpoint")).toBe(true));
    expect(operations.find((o) => o.name === "CreateWebhookEndpoint")?.variables).toEqual({
      input: { url: "https://siem.example.org/hooks", description: null, eventTypes: ["leaver_case.opened"] },
    });
  }, 20_000);
});
