import { Text } from "@mantine/core";
import { useEffect } from "react";
import { useQuery } from "urql";
import { KeyImpact } from "./KeyImpact.js";
import type { CollaboratorRow, ServiceDetail } from "./service.graphql.js";
import { KeysLostWithBillingQuery } from "./service.graphql.js";

/** Listed by name; past this many, the rest are counted. */
const LISTED = 50;

/**
 * What losing a Billing role breaks: the holder's keys that work on this service now, by name and
 * prefix, read from the server when asked (not from the page), so the list is current.
 */
export function KeysThatStop({
  service,
  collaborator,
  onListed,
}: {
  service: ServiceDetail;
  collaborator: CollaboratorRow;
  /** Told how many keys the list shows as stopping, once it has loaded. */
  onListed?: (count: number) => void;
}) {
  const [result, refetch] = useQuery({
    query: KeysLostWithBillingQuery,
    variables: { id: service.id, holderId: collaborator.holder.id, first: LISTED },
    requestPolicy: "network-only",
    // On an archived service no key works, so there is nothing to look up.
    pause: !!service.archivedAt,
  });
  const email = collaborator.holder.email;
  const listed = service.archivedAt ? 0 : result.data?.service?.workingKeys.totalCount;
  useEffect(() => {
    if (listed !== undefined) onListed?.(listed);
  }, [listed, onListed]);
  const onlyBilling = service.collaborators.nodes.filter((c) => c.role === "BILLING").length === 1;

  if (service.archivedAt) {
    return (
      <Text size="sm">
        {service.slug} is archived, so no key works on it now; once it is restored, {email}'s keys will not work on it.
      </Text>
    );
  }
  return (
    <KeyImpact
      change="stop"
      slug={service.slug}
      keys={result.data?.service?.workingKeys}
      error={result.error}
      retry={() => refetch({ requestPolicy: "network-only" })}
      color="red"
      none={`${email} holds no active key that works on ${service.slug}.`}
      some={`These keys of ${email} will be refused by ${service.slug} at once (they keep working on their other services):`}
      footer={
        onlyBilling && (
          <Text size="sm" mt="xs">
            {email} is the only Billing collaborator: afterwards no key works on {service.slug}.
          </Text>
        )
      }
    />
  );
}
