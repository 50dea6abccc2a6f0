import { readFragment } from "@keyholder/graphql";
import { Alert, Badge, Button, Code, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconLock, IconPlus } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useQuery } from "urql";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import { DataTable } from "../../components/DataTable.js";
import { formatDateTime } from "../../components/format.js";
import { notify } from "../../components/notify.js";
import { PageHeader } from "../../components/PageHeader.js";
import { Pager } from "../../components/Pager.js";
import { useCursorPage } from "../../components/pagination.js";
import { QueryState, queryProps } from "../../components/QueryState.js";
import { useUrlState } from "../../components/url-state.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { useSession } from "../auth/session.js";
import { CreateWebhookDialog } from "./CreateWebhookDialog.js";
import {
  DeleteWebhookEndpointMutation,
  RedeliverWebhookMutation,
  WebhookDeliveriesQuery,
  type WebhookEndpoint,
  WebhookEndpointFields,
  WebhookEndpointsQuery,
} from "./webhooks.graphql.js";

const PAGE_SIZE = 25;

const DELIVERY_COLOR: Record<string, string> = { PENDING: "blue", DELIVERED: "teal", FAILED: "red" };

/** One endpoint's delivery log, newest first, each with "Send again". */
function Deliveries({ endpoint }: { endpoint: WebhookEndpoint }) {
  const page = useCursorPage(PAGE_SIZE, "deliveries");
  const context = useMemo(() => ({ additionalTypenames: ["WebhookDelivery"] }), []);
  const [result, refetch] = useQuery({
    query: WebhookDeliveriesQuery,
    variables: { endpointId: endpoint.id, first: page.first, after: page.after },
    context,
  });
  const { run: redeliver } = usePayloadMutation(RedeliverWebhookMutation, "redeliverWebhook", "delivery");
  const log = result.data?.webhookDeliveries;
  const deliveries = log?.nodes ?? [];
  const again = async (id: string) => {
    const { payload } = await redeliver({ id }, { failureNotice: "The delivery was not sent again" });
    if (!payload) return;
    notify("Sending again, with the same webhook-id.");
    refetch({ requestPolicy: "network-only" });
  };
  return (
    <Stack gap="xs" mt="lg" component="section" aria-labelledby="deliveries-title">
      <Group justify="space-between">
        <Title order={2} size="h4" id="deliveries-title">
          Deliveries to <Code>{endpoint.url}</Code>
        </Title>
        <Button size="xs" variant="default" onClick={() => refetch({ requestPolicy: "network-only" })}>
          Refresh
        </Button>
      </Group>
      <QueryState
        {...queryProps(result, refetch)}
        hasData={result.data !== undefined}
        empty={deliveries.length === 0 && "Nothing has been delivered to this endpoint yet."}
      >
        <DataTable
          minWidth={860}
          striped
          verticalSpacing="xs"
          aria-label="Deliveries"
          columns={["Event", "Webhook id", "Status", "Attempts", "Last answer", "Actions"]}
          rows={deliveries}
          rowKey={(d) => d.id}
        >
          {(d) => (
            <>
              <Table.Td>
                <Text size="sm">{d.eventType}</Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(d.createdAt)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace">
                  {d.id}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={DELIVERY_COLOR[d.status] ?? "gray"}>
                  {d.status.toLowerCase()}
                </Badge>
              </Table.Td>
              <Table.Td>{d.attempts}</Table.Td>
              <Table.Td>
                <Text size="sm">
                  {d.lastStatusCode ?? "—"}
                  {d.lastError ? `: ${d.lastError}` : ""}
                </Text>
                {d.lastAttemptAt && (
                  <Text size="xs" c="dimmed">
                    {formatDateTime(d.lastAttemptAt)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Button size="xs" variant="light" onClick={() => void again(d.id)} aria-label={`Send ${d.id} again`}>
                  Send again
                </Button>
              </Table.Td>
            </>
          )}
        </DataTable>
        <Pager page={page} connection={log} shown={deliveries.length} noun="event" />
      </QueryState>
    </Stack>
  );
}

/** Webhook endpoints for integrators (ADMIN): add (secret shown once), remove, and each one's deliveries. */
export default function WebhooksPage() {
  const { can } = useSession();
  const { get, set } = useUrlState();
  const context = useMemo(() => ({ additionalTypenames: ["WebhookEndpoint"] }), []);
  const admin = can("ADMIN");
  const [result, refetch] = useQuery({ query: WebhookEndpointsQuery, context, pause: !admin });
  const [creating, create] = useDisclosure(false);
  const [removing, setRemoving] = useState<WebhookEndpoint | null>(null);
  const { run: remove } = usePayloadMutation(DeleteWebhookEndpointMutation, "deleteWebhookEndpoint", "endpoint");
  const endpoints = (result.data?.webhookEndpoints ?? []).map((e) => readFragment(WebhookEndpointFields, e));
  const selected = endpoints.find((e) => e.id === get("endpoint"));

  const header = (
    <PageHeader
      title="Webhooks"
      description="Signed HTTP callbacks (Standard Webhooks) for the systems that act on Keyholder's events."
      actions={
        admin && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={create.open}>
            New endpoint
          </Button>
        )
      }
    />
  );
  if (!admin) {
    return (
      <>
        {header}
        <Alert color="gray" icon={<IconLock aria-hidden />} title="You need the Admin role">
          Webhook endpoints send Keyholder's events to other systems, so only Admins manage them.
        </Alert>
      </>
    );
  }

  const confirmRemove = async () => {
    if (!removing) return false;
    const { payload } = await remove({ id: removing.id }, { failureNotice: "The endpoint was not removed" });
    if (!payload) return false;
    notify("Webhook endpoint removed.");
    if (get("endpoint") === removing.id) set({ endpoint: null, deliveries: null });
    return true;
  };

  return (
    <>
      {header}
      <QueryState
        {...queryProps(result, refetch)}
        hasData={result.data !== undefined}
        empty={endpoints.length === 0 && "No webhook endpoints. Add one for each system that should hear of changes."}
      >
        <DataTable
          minWidth={860}
          striped
          verticalSpacing="xs"
          aria-label="Webhook endpoints"
          columns={["URL", "Events", "Status", "Added", "Actions"]}
          rows={endpoints}
          rowKey={(e) => e.id}
        >
          {(e) => (
            <>
              <Table.Td>
                <Text size="sm" ff="monospace" style={{ overflowWrap: "anywhere" }}>
                  {e.url}
                </Text>
                {e.description && (
                  <Text size="xs" c="dimmed">
                    {e.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{e.eventTypes.includes("*") ? "All events" : e.eventTypes.join(", ")}</Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={e.status === "ACTIVE" ? "teal" : "red"}>
                  {e.status === "ACTIVE" ? "active" : "failing"}
                </Badge>
                {e.failingSince && (
                  <Text size="xs" c="dimmed">
                    since {formatDateTime(e.failingSince)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(e.createdAt)}</Text>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button
                    size="xs"
                    variant={selected?.id === e.id ? "filled" : "light"}
                    onClick={() => set({ endpoint: e.id, deliveries: null })}
                    aria-label={`Deliveries to ${e.url}`}
                  >
                    Deliveries
                  </Button>
                  <Button size="xs" variant="light" color="red" onClick={() => setRemoving(e)}>
                    Remove
                  </Button>
                </Group>
              </Table.Td>
            </>
          )}
        </DataTable>
      </QueryState>
      {selected && <Deliveries endpoint={selected} />}
      <CreateWebhookDialog opened={creating} onClose={create.close} eventTypes={result.data?.webhookEventTypes ?? []} />
      <ConfirmDialog
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title="Remove this webhook endpoint?"
        confirmLabel="Remove endpoint"
        danger
        onConfirm={confirmRemove}
      >
        {removing && (
          <Text size="sm">
            Nothing more is delivered to <Code>{removing.url}</Code>, and deliveries still being retried stop. Its
            delivery log stays in the audit trail's record; a new endpoint gets a new secret.
          </Text>
        )}
      </ConfirmDialog>
    </>
  );
}
