import { Alert, Button, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconRefresh } from "@tabler/icons-react";
import type { ServerError } from "./form-errors.js";

interface Props {
  /** Errors no input shows. */
  errors: readonly ServerError[];
  /** What did not happen, e.g. "The key was not rotated". */
  title: string;
  /** What was changed, in words: "key", "service". */
  subject: string;
  /** Loads the record again, so the next attempt sends the version just read. */
  onReload: () => void;
}

/**
 * Why a change did not go through. A version conflict gets its own words and a reload button:
 * someone else changed the record, and the user should see that change before trying again.
 */
export function ChangeFailure({ errors, title, subject, onReload }: Props) {
  if (errors.length === 0) return null;
  const conflict = errors.some((e) => e.code === "VERSION_CONFLICT");
  const others = errors.filter((e) => e.code !== "VERSION_CONFLICT");
  return (
    <Stack gap="xs">
      {conflict && (
        <Alert
          color="orange"
          role="alert"
          icon={<IconRefresh aria-hidden />}
          title={`Someone else changed this ${subject}`}
        >
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              It was changed after you opened it, so nothing was saved. Reload it, check what changed, then try again.
            </Text>
            <Button size="xs" variant="light" color="orange" onClick={onReload}>
              Reload the {subject}
            </Button>
          </Stack>
        </Alert>
      )}
      {others.length > 0 && (
        <Alert color="red" role="alert" icon={<IconAlertTriangle aria-hidden />} title={title}>
          {others.map((e) => (
            <Text size="sm" key={`${e.code}:${e.field ?? ""}:${e.message}`}>
              {e.message}
            </Text>
          ))}
        </Alert>
      )}
    </Stack>
  );
}
