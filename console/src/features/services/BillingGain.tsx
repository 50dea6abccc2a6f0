import { Text } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import { useQuery } from "urql";
import { Notice } from "./Notice.js";
import { HolderActiveKeysQuery } from "./service.graphql.js";

/** What a new Billing role does: the holder's active keys start working on the service. */
export function BillingGain({ holderId, email, slug }: { holderId: string; email: string; slug: string }) {
  const [result] = useQuery({ query: HolderActiveKeysQuery, variables: { id: holderId } });
  const count = result.data?.holder?.keys.totalCount;
  let text = `Every active key of ${email} will work on ${slug}.`;
  if (count === 0) text = `${email} holds no active key now; any key it is given later will work on ${slug}.`;
  else if (count !== undefined) {
    text = `${count} active ${count === 1 ? "key" : "keys"} of ${email} will work on ${slug} at once, as will any key it is given later.`;
  }
  return (
    <Notice color="blue" icon={<IconInfoCircle aria-hidden />} title="Keys will work here">
      <Text size="sm">{text}</Text>
    </Notice>
  );
}
