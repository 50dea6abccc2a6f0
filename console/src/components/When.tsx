import { Text, Tooltip } from "@mantine/core";
import { formatDateTime, fromNow } from "./format.js";

/** A time shown relative to now, exact on hover and to screen readers; `never` when absent. */
export function When({
  at,
  never = "—",
  size = "sm",
}: {
  at: string | null | undefined;
  never?: string;
  size?: string;
}) {
  if (!at) {
    return (
      <Text span size={size} c="dimmed">
        {never}
      </Text>
    );
  }
  return (
    <Tooltip label={formatDateTime(at)} openDelay={300}>
      <Text span size={size}>
        <time dateTime={at} title={formatDateTime(at)}>
          {fromNow(at)}
        </time>
      </Text>
    </Tooltip>
  );
}
