import { Alert, Code, List, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import type { OffboardError } from "./use-offboard.js";

/** The API's reasons, each with its code (and request id), so they can be searched and reported. */
export function OffboardErrors({ title, errors }: { title: string; errors: readonly OffboardError[] }) {
  if (errors.length === 0) return null;
  return (
    <Alert color="red" title={title} icon={<IconAlertTriangle aria-hidden />} role="alert">
      <List size="sm" spacing={4}>
        {errors.map((e) => (
          <List.Item key={`${e.code}:${e.field ?? ""}:${e.message}`}>
            <Code>{e.code}</Code> {e.message}
            {e.requestId && (
              <Text span size="xs" c="dimmed">
                {" "}
                (request id {e.requestId})
              </Text>
            )}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
