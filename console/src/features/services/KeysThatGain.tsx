import { Group, Loader, Text } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck } from "@tabler/icons-react";
import { useEffect } from "react";
import { useQuery } from "urql";
import { plural } from "../../components/plural.js";
import { QueryError } from "../../components/QueryState.js";
import { KeyLinks } from "./KeyLinks.js";
import { Notice } from "./Notice.js";
import { KeysGainedWithBillingQuery } from "./service.graphql.js";

/** Listed by name; past this many, the rest are counted. */
const LISTED = 50;

/**
 * What becoming Billing widens: every active key of the holder starts working on this service.
 * Read from the server when asked (not from the page), so the list is current.
 */
export function KeysThatGain({
  holderId,
  email,
  slug,
  onListed,
}: {
  holderId: string;
  email: string;
  slug: string;
  /** Told how many keys the list shows as gaining the service, once it has loaded. */
  onListed?: (count: number) => void;
}) {
  const [result, refetch] = useQuery({
    query: KeysGainedWithBillingQuery,
    variables: { holderId, first: LISTED },
    requestPolicy: "network-only",
  });
  const connection = result.data?.holder?.keys;
  const listed = connection?.totalCount;
  useEffect(() => {
    if (listed !== undefined) onListed?.(listed);
  }, [listed, onListed]);

  if (result.error) return <QueryError error={result.error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!connection) {
    return (
      <Group gap="xs">
        <Loader size="xs" aria-label="Loading" />
        <Text size="sm">Finding the keys that would start working…</Text>
      </Group>
    );
  }
  if (connection.totalCount === 0) {
    return (
      <Notice color="teal" icon={<IconCircleCheck aria-hidden />} title="No key starts working">
        <Text size="sm">
          {email} holds no active key now; any key it is given later will work on {slug}.
        </Text>
      </Notice>
    );
  }
  const count = connection.totalCount;
  return (
    <Notice
      color="orange"
      icon={<IconAlertTriangle aria-hidden />}
      title={`${plural(count, "key")} ${count === 1 ? "starts" : "start"} working on ${slug}`}
    >
      <Text size="sm" mb="xs">
        Every active key of {email} will be accepted by {slug} at once, as will any key it is given later:
      </Text>
      <KeyLinks keys={connection.nodes} total={count} label="Keys that start working" />
    </Notice>
  );
}
