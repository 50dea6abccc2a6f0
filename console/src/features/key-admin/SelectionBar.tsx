import { Button, Group, Paper, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconArrowsExchange, IconBan } from "@tabler/icons-react";
import { lazy, Suspense, useRef } from "react";
import { plural } from "../../components/plural.js";
import type { SelectedKey } from "./BulkRevokeDialog.js";

// Loaded on first use, so the keys list's first load stays within its JavaScript budget.
const BulkReassignDialog = lazy(() =>
  import("./BulkReassignDialog.js").then((m) => ({ default: m.BulkReassignDialog })),
);
const BulkRevokeDialog = lazy(() => import("./BulkRevokeDialog.js").then((m) => ({ default: m.BulkRevokeDialog })));

/** What can be done to the selected keys at once: reassign them or revoke them. */
export function SelectionBar({
  keys,
  onClear,
  onDone,
}: {
  keys: readonly SelectedKey[];
  onClear: () => void;
  /** After a bulk change went through: reload the list and clear the selection. */
  onDone: () => void;
}) {
  const [moving, move] = useDisclosure(false);
  const [revoking, revoke] = useDisclosure(false);
  const moveButton = useRef<HTMLButtonElement>(null);
  const revokeButton = useRef<HTMLButtonElement>(null);
  // The dialogs mount already open (loaded on first use), so Mantine never saw what had focus
  // before them: focus goes back to the button by hand once the dialog has gone.
  const cancelMove = () => {
    move.close();
    setTimeout(() => moveButton.current?.focus());
  };
  const cancelRevoke = () => {
    revoke.close();
    setTimeout(() => revokeButton.current?.focus());
  };
  return (
    <>
      {keys.length > 0 && (
        <Paper withBorder p="xs" mb="sm" role="region" aria-label="Selected keys">
          <Group justify="space-between" gap="xs">
            <Text size="sm" fw={500}>
              {plural(keys.length, "key")} selected
            </Text>
            <Group gap="xs">
              <Button
                ref={moveButton}
                size="xs"
                variant="default"
                leftSection={<IconArrowsExchange size={14} aria-hidden />}
                onClick={move.open}
              >
                Reassign selected
              </Button>
              <Button
                ref={revokeButton}
                size="xs"
                color="red"
                variant="outline"
                leftSection={<IconBan size={14} aria-hidden />}
                onClick={revoke.open}
              >
                Revoke selected
              </Button>
              <Button size="xs" variant="subtle" onClick={onClear}>
                Clear selection
              </Button>
            </Group>
          </Group>
        </Paper>
      )}
      {moving && (
        <Suspense>
          <BulkReassignDialog
            opened
            onClose={cancelMove}
            keys={keys}
            onDone={() => {
              move.close();
              onDone();
            }}
          />
        </Suspense>
      )}
      {revoking && (
        <Suspense>
          <BulkRevokeDialog
            opened
            onClose={cancelRevoke}
            keys={keys}
            onDone={() => {
              revoke.close();
              onDone();
            }}
          />
        </Suspense>
      )}
    </>
  );
}
