import { Group, Loader, Progress, Stack, Text } from "@mantine/core";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import { OffboardErrors } from "./OffboardErrors.js";
import { plural } from "./plural.js";
import { type OffboardResult, splitKeys } from "./result.js";
import { useElapsed } from "./use-elapsed.js";
import type { OffboardError } from "./use-offboard.js";

interface Props {
  opened: boolean;
  onClose: () => void;
  /** The dry run being confirmed. */
  preview: OffboardResult;
  running: boolean;
  errors: readonly OffboardError[];
  onConfirm: () => Promise<boolean>;
  /** The leaver was marked departed before (outside Keyholder): offboarding finishes the job. */
  alreadyDeparted?: boolean;
}

/**
 * The last question before the real offboarding, in plain words, then a busy state while it runs
 * (thousands of keys take seconds). After a failure the same button tries again with the same
 * request, which the server applies at most once.
 */
export function ConfirmOffboarding({
  opened,
  onClose,
  preview,
  running,
  errors,
  onConfirm,
  alreadyDeparted = false,
}: Props) {
  const elapsed = useElapsed(running);
  const { counts } = splitKeys(preview);
  const widened = counts.changed + preview.otherKeysGaining.length;
  const keys = `${plural(counts.reassigned, "key")} reassigned, ${counts.revoked.toLocaleString("en")} revoked`;
  return (
    <ConfirmDialog
      opened={opened}
      onClose={onClose}
      title={`Offboard ${preview.email}?`}
      confirmLabel={errors.length ? "Try again" : "Offboard"}
      danger
      onConfirm={onConfirm}
    >
      {running ? (
        <Stack gap="xs" aria-live="polite" aria-busy="true">
          <Group gap="xs">
            <Loader size="sm" aria-hidden />
            <Text size="sm" fw={500}>
              Offboarding {preview.email}: {keys}…
            </Text>
          </Group>
          <Progress value={100} animated striped aria-hidden />
          <Text size="xs" c="dimmed">
            Many keys can take several seconds. Keep this page open{elapsed > 0 ? ` (${elapsed} s so far)` : ""}.
          </Text>
        </Stack>
      ) : (
        <Stack gap="sm">
          <Text size="sm">
            <b>{preview.email}</b> {alreadyDeparted ? "has already departed and stays so;" : "will be marked departed,"}{" "}
            {keys}, sessions and tokens ended. {plural(preview.collaborationsRemoved.length, "collaboration")} and{" "}
            {plural(preview.groupsLeft.length, "group membership")} of theirs are removed. This cannot be undone.
          </Text>
          {widened > 0 && (
            <Text size="sm" fw={600}>
              {plural(widened, "key")} will work on more services than before, as you allowed.
            </Text>
          )}
          <OffboardErrors
            title="The offboarding did not complete"
            errors={errors.map((e) =>
              e.code === "NO_ANSWER"
                ? { ...e, message: `${e.message} Trying again is safe: it is applied at most once.` }
                : e,
            )}
          />
        </Stack>
      )}
    </ConfirmDialog>
  );
}
