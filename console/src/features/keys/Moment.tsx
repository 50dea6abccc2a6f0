import { Text } from "@mantine/core";
import { formatDateTime, fromNow } from "../../components/format.js";

/** The exact time, with how long ago or ahead it is: a detail page is read for the date itself. */
export function Moment({ at }: { at: string }) {
  return (
    <Text size="sm">
      <time dateTime={at}>{formatDateTime(at)}</time>{" "}
      <Text span size="xs" c="dimmed">
        ({fromNow(at)})
      </Text>
    </Text>
  );
}
