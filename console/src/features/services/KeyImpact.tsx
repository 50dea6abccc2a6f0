import { Group, Loader, Text } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck } from "@tabler/icons-react";
import type { ReactNode } from "react";
import type { CombinedError } from "urql";
import { plural } from "../../components/plural.js";
import { QueryError } from "../../components/QueryState.js";
import { type KeyLink, KeyLinks } from "./KeyLinks.js";
import { Notice } from "./Notice.js";

interface Props {
  /** What a role change would make the holder's keys do on the service. */
  change: "start" | "stop";
  slug: string;
  /** The keys affected, as the server found them; undefined until it answered. */
  keys: { totalCount: number; nodes: readonly KeyLink[] } | undefined;
  error: CombinedError | undefined;
  retry: () => void;
  color: "orange" | "red";
  /** Said when no key is affected. */
  none: ReactNode;
  /** Said above the list of the keys affected. */
  some: ReactNode;
  /** Said last in the notice, either way. */
  footer?: ReactNode;
}

/** What a role change does to a holder's keys on a service: being found, none, or each key that starts or stops working. */
export function KeyImpact({ change, slug, keys, error, retry, color, none, some, footer }: Props) {
  if (error) return <QueryError error={error} retry={retry} />;
  if (!keys) {
    return (
      <Group gap="xs">
        <Loader size="xs" aria-label="Loading" />
        <Text size="sm">Finding the keys that would {change} working…</Text>
      </Group>
    );
  }
  if (keys.totalCount === 0) {
    return (
      <Notice color="teal" icon={<IconCircleCheck aria-hidden />} title={`No key ${change}s working`}>
        <Text size="sm">{none}</Text>
        {footer}
      </Notice>
    );
  }
  const count = keys.totalCount;
  return (
    <Notice
      color={color}
      icon={<IconAlertTriangle aria-hidden />}
      title={`${plural(count, "key")} ${count === 1 ? `${change}s` : change} working on ${slug}`}
    >
      <Text size="sm" mb="xs">
        {some}
      </Text>
      <KeyLinks keys={keys.nodes} total={count} label={`Keys that ${change} working`} />
      {footer}
    </Notice>
  );
}
