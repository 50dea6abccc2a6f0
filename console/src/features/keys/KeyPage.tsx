import { Anchor, Code, Divider, Group, Stack } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { useCallback } from "react";
import { useQuery } from "urql";
import { Link, useParams } from "wouter";
import { EnvironmentBadge, KeyStatusBadge } from "../../components/badges.js";
import { Can } from "../../components/Can.js";
import { NotFoundPage } from "../../components/NotFoundPage.js";
import { PageHeader } from "../../components/PageHeader.js";
import { QueryState } from "../../components/QueryState.js";
import { CustodyTimeline } from "./CustodyTimeline.js";
import { DiagnosePanel } from "./DiagnosePanel.js";
import { KeyActions } from "./KeyActions.js";
import { KeyFacts } from "./KeyFacts.js";
import { KeyHistory } from "./KeyHistory.js";
import { KeyQuery } from "./key.graphql.js";
import { WhereItWorks } from "./WhereItWorks.js";

/** One key: who holds it, where it works and why, its custody and history, and what to do with it. */
export default function KeyPage() {
  const { id = "" } = useParams<{ id: string }>();
  const [result, refetch] = useQuery({ query: KeyQuery, variables: { id } });
  const reload = useCallback(() => refetch({ requestPolicy: "network-only" }), [refetch]);
  const key = result.data?.apiKey;
  const badId = result.error?.graphQLErrors.some((e) => e.extensions?.code === "INVALID_ID");
  if (badId || (result.data && key === null)) return <NotFoundPage what="API key" />;

  return (
    <>
      <Anchor component={Link} href="/keys" size="sm" mb="xs" display="inline-flex" style={{ alignItems: "center" }}>
        <IconArrowLeft size={14} aria-hidden style={{ marginRight: 4 }} />
        API keys
      </Anchor>
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
                <Code fz="sm">{key.prefix}…</Code>
                <EnvironmentBadge environment={key.environment} />
                <KeyStatusBadge status={key.status} />
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
              <KeyHistory history={key.history} />
            </Stack>
          </>
        )}
      </QueryState>
    </>
  );
}
