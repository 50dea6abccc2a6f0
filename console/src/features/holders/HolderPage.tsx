import { Stack } from "@mantine/core";
import { useCallback } from "react";
import { useQuery } from "urql";
import { useParams } from "wouter";
import { BackLink } from "../../components/BackLink.js";
import { NotFoundPage } from "../../components/NotFoundPage.js";
import { QueryState } from "../../components/QueryState.js";
import { urls } from "../../urls.js";
import { useSession } from "../auth/session.js";
import { AuditTimeline } from "./AuditTimeline.js";
import { CollaborationsSection } from "./CollaborationsSection.js";
import { ConsoleAccessSection } from "./ConsoleAccessSection.js";
import { GroupMembershipsSection } from "./GroupMembershipsSection.js";
import { HolderHeader } from "./HolderHeader.js";
import { HolderKeysSection } from "./HolderKeysSection.js";
import { HolderQuery } from "./holder.graphql.js";
import { MembersSection } from "./MembersSection.js";

/** One holder: who it is, what it holds, where it collaborates, its groups or members, and its history. */
export default function HolderPage() {
  const { id = "" } = useParams<{ id: string }>();
  const { can } = useSession();
  const [result, refetch] = useQuery({ query: HolderQuery, variables: { id } });
  const reload = useCallback(() => refetch({ requestPolicy: "network-only" }), [refetch]);
  const holder = result.data?.holder;
  const invalidId = result.error?.graphQLErrors.some((e) => e.extensions?.code === "INVALID_ID");
  if (invalidId || (result.data && holder === null && !result.error)) return <NotFoundPage what="holder" />;

  return (
    <>
      <BackLink href={urls.holders()}>Holders</BackLink>
      <QueryState fetching={result.fetching} error={result.error} hasData={!!holder} retry={reload}>
        {holder && (
          <Stack gap="lg">
            <HolderHeader holder={holder} reload={reload} />
            <HolderKeysSection holder={holder} />
            <CollaborationsSection collaborations={holder.collaborations.nodes} holderKind={holder.kind} />
            {holder.__typename === "User" ? (
              <GroupMembershipsSection user={holder} />
            ) : (
              <MembersSection group={holder} />
            )}
            {holder.__typename === "User" && can("ADMIN") && <ConsoleAccessSection user={holder} reload={reload} />}
            <AuditTimeline subjectId={holder.id} />
          </Stack>
        )}
      </QueryState>
    </>
  );
}
