import { Anchor, Stack } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { useCallback } from "react";
import { useQuery } from "urql";
import { Link, useParams } from "wouter";
import { NotFoundPage } from "../../components/NotFoundPage.js";
import { QueryState } from "../../components/QueryState.js";
import { urls } from "../../urls.js";
import { CollaboratorsSection } from "./CollaboratorsSection.js";
import { ServiceHeader } from "./ServiceHeader.js";
import { ServiceDetailQuery } from "./service.graphql.js";
import { WorkingKeysSection } from "./WorkingKeysSection.js";

/** One service: what it is, who collaborates on it (and so whose keys work there), and the keys that work on it. */
export default function ServicePage() {
  const { id = "" } = useParams<{ id: string }>();
  const [result, refetch] = useQuery({ query: ServiceDetailQuery, variables: { id } });
  const reload = useCallback(() => refetch({ requestPolicy: "network-only" }), [refetch]);
  const service = result.data?.service;
  const badId = result.error?.graphQLErrors.some((e) => e.extensions?.code === "INVALID_ID");
  if (badId || (result.data && service === null)) return <NotFoundPage what="service" />;

  return (
    <>
      <Anchor
        component={Link}
        href={urls.services()}
        size="sm"
        mb="xs"
        display="inline-flex"
        style={{ alignItems: "center" }}
      >
        <IconArrowLeft size={14} aria-hidden style={{ marginRight: 4 }} />
        Services
      </Anchor>
      <QueryState fetching={result.fetching} error={result.error} hasData={!!service} retry={reload}>
        {service && (
          <>
            <ServiceHeader service={service} onReload={reload} />
            <Stack gap="lg">
              <CollaboratorsSection service={service} onReload={reload} />
              <WorkingKeysSection service={service} />
            </Stack>
          </>
        )}
      </QueryState>
    </>
  );
}
