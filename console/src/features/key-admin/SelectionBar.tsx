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

/**
 * A bulk dialog and the button that opens it. The dialog mounts already open (it is loaded on
 * first use), so Mantine never saw what had focus before it: focus goes back to the button by
 * hand once a cancelled dialog has gone.
 */
function useBulkDialog(onDone: () => void) {
  const [opened, { open, close }] = useDisclosure(false);
  const button = useRef<HTMLButtonElement>(null);
  const cancel = () => {
    close();
    setTimeout(() => button.current?.focus());
  };
  const done = () => {
    close();
    onDone();
  };
  return { opened, open, button, cancel, done };
}

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
  const moving = useBulkDialog(onDone);
  const revoking = useBulkDialog(onDone);
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
                ref={moving.button}
                size="xs"
                variant="default"
                leftSection={<IconArrowsExchange size={14} aria-hidden />}
                onClick={moving.open}
              >
                Reassign selected
              </Button>
              <Button
                ref={revoking.button}
                size="xs"
                color="red"
                variant="outline"
                leftSection={<IconBan size={14} aria-hidden />}
                onClick={revoking.open}
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
      {moving.opened && (
        <Suspense>
          <BulkReassignDialog opened onClose={moving.cancel} keys={keys} onDone={moving.done} />
        </Suspense>
      )}
      {revoking.opened && (
        <Suspense>
          <BulkRevokeDialog opened onClose={revoking.cancel} keys={keys} onDone={revoking.done} />
        </Suspense>
      )}
    </>
  );
}
