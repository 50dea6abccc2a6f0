import { Button, Group, Paper, Text } from "@mantine/core";
import { useState } from "react";
import { HolderPicker, type PickedHolder } from "../../components/HolderPicker.js";
import type { PlannedKey } from "./decisions.js";

interface Props {
  /** The keys the filters show (all keys without filters): what "all" means here. */
  shown: readonly PlannedKey[];
  filtered: boolean;
  inactive: number;
  leaverId: string;
  onReassignAll: (to: PickedHolder) => void;
  onRevokeInactive: () => void;
  onReset: () => void;
}

/** Decisions for many keys at once; each says how many keys it changes. */
export function BulkControls({ shown, filtered, inactive, leaverId, onReassignAll, onRevokeInactive, onReset }: Props) {
  const [target, setTarget] = useState<PickedHolder | null>(null);
  const which = filtered ? `the ${shown.length} keys shown` : `all ${shown.length} keys`;
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="bulk-title">
      <Text id="bulk-title" fw={600} size="sm" mb="xs">
        Decide for many keys at once
      </Text>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <HolderPicker label={`Reassign ${which} to`} exclude={[leaverId]} value={target} onChange={setTarget} w={320} />
        <Button
          variant="default"
          disabled={!target || shown.length === 0}
          onClick={() => target && onReassignAll(target)}
        >
          Reassign {shown.length === 1 ? "1 key" : `${shown.length} keys`}
        </Button>
        <Button variant="default" disabled={inactive === 0} onClick={onRevokeInactive}>
          Revoke all inactive ({inactive})
        </Button>
        <Button variant="subtle" onClick={onReset}>
          Back to the suggestions
        </Button>
      </Group>
    </Paper>
  );
}
