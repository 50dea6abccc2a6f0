import { Badge, Code, Divider, Group, Stack, Text, Tooltip } from "@mantine/core";
import { useCallback } from "react";
import { useQuery } from "urql";
import { useParams } from "wouter";
import { BackLink } from "../../components/BackLink.js";
import { EnvironmentBadge, KeyStatusBadge } from "../../components/badges.js";
import { CopyValue } from "../../components/CopyValue.js";
import { NotFoundPage } from "../../components/NotFoundPage.js";
import { PageHeader } from "../../components/PageHeader.js";
import { useCursorPage } from "../../components/pagination.js";
import { QueryState } from "../../components/QueryState.js";
import { urls } from "../../urls.js";
import { Can } from "../auth/Can.js";
import { SuspendedBadge } from "../key-admin/KeyAgeBadges.js";
import { CustodyTimeline } from "./CustodyTimeline.js";
import { DiagnosePanel } from "./DiagnosePanel.js";
import { KeyActions } from "./KeyActions.js";
import { KeyFacts } from "./KeyFacts.js";
import { KeyHistory } from "./KeyHistory.js";
import { KeyQuery } from "./key.graphql.js";
import { WhereItWorks } from "./WhereItWorks.js";

/** Events of the key's history on one page; older ones are a Next away (`historyPage` in the URL). */
const HISTORY_PAGE_SIZE = 25;

/** One key: who holds it, where it works and why, its custody and history, and what to do with it. */
export default function KeyPage() {
  const { id = "" } = useParams<{ id: string }>();
  const historyPage = useCursorPage(HISTORY_PAGE_SIZE, "historyPage");
  const [result, refetch] = useQuery({
    query: KeyQuery,
    variables: { id, historyFirst: historyPage.first, historyAfter: historyPage.after },
  });
  const reload = useCallback(() => refetch({ requestPolicy: "network-only" }), [refetch]);
  const key = result.data?.apiKey;
  const badId = result.error?.graphQLErrors.some((e) => e.extensions?.code === "INVALID_ID");
  if (badId || (result.data && key === null)) return <NotFoundPage what="API key" />;

  return (
    <>
      <BackLink href={urls.keys()}>API keys</BackLink>
      <QueryState fetching={result.fetching} error={result.error} hasData={!!key} retry={reload}>
        {key && (
          <>
            <PageHeader
              title={key.name}
              actions={
                <Can atLeast="OPERATOR">
                  <KeyActions apiKey={key} onReload={reload} />
                </Can>
              }
            >
              <Group gap="xs">
                <Group gap={2} wrap="nowrap">
                  <Code fz="sm">{key.prefix}…</Code>
                  <CopyValue value={key.prefix} what="prefix" />
                </Group>
                <EnvironmentBadge environment={key.environment} />
                <KeyStatusBadge status={key.status} />
                {!key.verifiable && (
                  <Tooltip label="Imported without its secret's digest: tracked here, but Keyholder cannot verify its secret.">
                    <Badge color="orange" variant="light">
                      Cannot be verified here
                    </Badge>
                  </Tooltip>
                )}
                <SuspendedBadge suspendedAt={key.status === "ACTIVE" ? key.suspendedAt : null} />
                <Group gap={2} wrap="nowrap">
                  <Text size="xs" c="dimmed">
                    ID <Code fz="xs">{key.id}</Code>
                  </Text>
                  <CopyValue value={key.id} what="key id" />
                </Group>
              </Group>
            </PageHeader>
            <KeyFacts apiKey={key} />
            <Stack gap="xl">
              <WhereItWorks apiKey={key} />
              <Divider />
              <DiagnosePanel keyId={key.id} key={key.version} />
              <Divider />
              <CustodyTimeline custody={key.custody} />
              <Divider />
              <KeyHistory history={key.history} page={historyPage} />
            </Stack>
          </>
        )}
      </QueryState>
    </>
  );
}
