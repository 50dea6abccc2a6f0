import { Alert, Badge, Button, Code, Group, Select, Stack, Switch, Table, Text } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import { Fragment, useMemo, useState } from "react";
import { useQuery } from "urql";
import { ColumnHeads } from "../../components/ColumnHeads.js";
import { formatDateTime } from "../../components/format.js";
import { notify } from "../../components/notify.js";
import { PageHeader } from "../../components/PageHeader.js";
import { Pager } from "../../components/Pager.js";
import { useCursorPage } from "../../components/pagination.js";
import { QueryState, queryProps } from "../../components/QueryState.js";
import { enumParam, useUrlState } from "../../components/url-state.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { Can } from "../auth/Can.js";
import { NoticeCategoriesQuery, OutboxQuery, SetNoticeCategoryMutation } from "./outbox.graphql.js";

const STATUSES = ["PENDING", "SENT", "STORED", "FAILED"] as const;
const STATUS_LABEL: Record<(typeof STATUSES)[number], string> = {
  PENDING: "Pending",
  SENT: "Sent",
  STORED: "Kept (no SMTP)",
  FAILED: "Failed",
};
const STATUS_COLOR: Record<(typeof STATUSES)[number], string> = {
  PENDING: "blue",
  SENT: "teal",
  STORED: "gray",
  FAILED: "red",
};
export const CATEGORY_LABEL: Record<string, string> = {
  EXPIRY: "Expiry reminders and expired keys",
  KEY_CHANGE: "Keys rotated, revoked or reassigned",
  OFFBOARDING: "Offboardings completed",
  GROUP: "Group emails below two members",
  DIGEST: "Weekly risk digest (ADMINs)",
};
const PAGE_SIZE = 25;

/** Turning notice categories on and off for the organisation (ADMIN). */
function Categories() {
  const [result] = useQuery({ query: NoticeCategoriesQuery });
  const { run: save } = usePayloadMutation(SetNoticeCategoryMutation, "setNoticeCategory", "setting");
  const categories = result.data?.noticeCategories ?? [];
  const change = async (category: string, enabled: boolean) => {
    const { payload } = await save({ input: { category, enabled } }, { failureNotice: "The setting was not changed" });
    if (!payload) return;
    notify(`${CATEGORY_LABEL[category] ?? category}: ${enabled ? "on" : "off"} for everyone.`);
  };
  return (
    <Stack gap="xs" mb="md" component="section" aria-labelledby="categories-title">
      <Text fw={600} id="categories-title">
        Notices the organisation receives
      </Text>
      <Group gap="lg">
        {categories.map((c) => (
          <Switch
            key={c.category}
            label={CATEGORY_LABEL[c.category] ?? c.category}
            checked={c.enabled}
            onChange={(e) => void change(c.category, e.currentTarget.checked)}
          />
        ))}
      </Group>
    </Stack>
  );
}

/**
 * The email notices Keyholder wrote, newest first: sent over SMTP, or, with no SMTP server
 * configured, kept here so they can still be read. A row opens to its plain-text body.
 */
export default function OutboxPage() {
  const { get, set } = useUrlState();
  const status = enumParam(get("status"), STATUSES);
  const page = useCursorPage(PAGE_SIZE);
  const context = useMemo(() => ({ additionalTypenames: ["Notice"] }), []);
  const [result, refetch] = useQuery({
    query: OutboxQuery,
    variables: { first: page.first, after: page.after, status },
    context,
  });
  const [open, setOpen] = useState<string | null>(null);
  const outbox = result.data?.outbox;
  const notices = outbox?.nodes ?? [];
  const kept = notices.some((n) => n.status === "STORED");

  return (
    <>
      <PageHeader
        title="Outbox"
        description="Email notices: expiry reminders, changes to keys, offboardings, groups running short of people."
        actions={
          <Button variant="default" onClick={() => refetch({ requestPolicy: "network-only" })}>
            Refresh
          </Button>
        }
      />
      <Can atLeast="ADMIN">
        <Categories />
      </Can>
      {kept && (
        <Alert color="blue" icon={<IconInfoCircle aria-hidden />} mb="sm">
          No SMTP server is configured, so notices are kept here instead of being sent. Set <Code>SMTP_URL</Code> and{" "}
          <Code>MAIL_FROM</Code> to send them.
        </Alert>
      )}
      <Group mb="sm">
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          data={STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
          value={status ?? null}
          onChange={(v) => set({ status: v, page: null }, { replace: true })}
          w={220}
        />
      </Group>
      <QueryState
        {...queryProps(result, refetch)}
        hasData={result.data !== undefined}
        empty={notices.length === 0 && (status ? "No notices with this status." : "No notices yet.")}
      >
        <Table.ScrollContainer minWidth={860}>
          <Table striped verticalSpacing="xs" aria-label="Notices">
            <ColumnHeads columns={["Written", "To", "Subject", "Status", "Body"]} />
            <Table.Tbody>
              {notices.map((n) => {
                const s = enumParam(n.status, STATUSES);
                return (
                  <Fragment key={n.id}>
                    <Table.Tr>
                      <Table.Td>
                        <Text size="sm">{formatDateTime(n.createdAt)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{n.recipient}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {n.subject}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {CATEGORY_LABEL[n.category] ?? n.category}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={s ? STATUS_COLOR[s] : "gray"} variant="light">
                          {s ? STATUS_LABEL[s] : n.status}
                        </Badge>
                        {n.lastError && (
                          <Text size="xs" c="red">
                            {n.lastError}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="light"
                          aria-expanded={open === n.id}
                          onClick={() => setOpen(open === n.id ? null : n.id)}
                        >
                          {open === n.id ? "Hide" : "Read"}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                    {open === n.id && (
                      <Table.Tr>
                        <Table.Td colSpan={5}>
                          <Code block style={{ whiteSpace: "pre-wrap" }} aria-label={`Body of ${n.subject}`}>
                            {n.textBody}
                          </Code>
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Pager page={page} connection={outbox} shown={notices.length} noun="notice" />
      </QueryState>
    </>
  );
}
