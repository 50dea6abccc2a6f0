import { useEffect } from "react";
import { useQuery } from "urql";
import { KeyImpact } from "./KeyImpact.js";
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

  return (
    <KeyImpact
      change="start"
      slug={slug}
      keys={connection}
      error={result.error}
      retry={() => refetch({ requestPolicy: "network-only" })}
      color="orange"
      none={`${email} holds no active key now; any key it is given later will work on ${slug}.`}
      some={`Every active key of ${email} will be accepted by ${slug} at once, as will any key it is given later:`}
    />
  );
}
