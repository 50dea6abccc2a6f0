import { Button, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconRefresh } from "@tabler/icons-react";
import type { ServerError } from "../../components/form-errors.js";
import { Notice } from "./Notice.js";

interface Props {
  /** Errors no input shows. */
  errors: readonly ServerError[];
  /** What did not happen, e.g. "The service was not archived". */
  title: string;
  /** Loads the service again, so the next attempt sends the version just read. */
  onReload: () => void;
}

/**
 * Why a change to a service did not go through. A version conflict gets its own words and a
 * reload button: someone else changed the service, and the user should see it before retrying.
 */
export function ChangeFailure({ errors, title, onReload }: Props) {
  if (errors.length === 0) return null;
  const conflict = errors.some((e) => e.code === "VERSION_CONFLICT");
  const others = errors.filter((e) => e.code !== "VERSION_CONFLICT");
  return (
    <Stack gap="xs">
      {conflict && (
        <Notice
          color="orange"
          role="alert"
          icon={<IconRefresh aria-hidden />}
          title="Someone else changed this service"
        >
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              It was changed after you opened it, so nothing was saved. Reload it, check what changed, then try again.
            </Text>
            <Button size="xs" variant="light" color="orange" onClick={onReload}>
              Reload the service
            </Button>
          </Stack>
        </Notice>
      )}
      {others.length > 0 && (
        <Notice color="red" role="alert" icon={<IconAlertTriangle aria-hidden />} title={title}>
          {others.map((e) => (
            <Text size="sm" key={`${e.code}:${e.field ?? ""}:${e.message}`}>
              {e.message}
            </Text>
          ))}
        </Notice>
      )}
    </Stack>
  );
}
