import { Button, Group, Paper, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconArrowsExchange, IconBan } from "@tabler/icons-react";
import { plural } from "../../components/plural.js";
import { BulkReassignDialog } from "./BulkReassignDialog.js";
import { BulkRevokeDialog, type SelectedKey } from "./BulkRevokeDialog.js";

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
                size="xs"
                variant="default"
                leftSection={<IconArrowsExchange size={14} aria-hidden />}
                onClick={move.open}
              >
                Reassign selected
              </Button>
              <Button
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
        <BulkReassignDialog
          opened
          onClose={move.close}
          keys={keys}
          onDone={() => {
            move.close();
            onDone();
          }}
        />
      )}
      <BulkRevokeDialog opened={revoking} onClose={revoke.close} keys={keys} onDone={onDone} />
    </>
  );
}
