import { Alert, Button, Checkbox, Code, List, Loader, Stack, Text } from "@mantine/core";
import { IconArrowsMaximize } from "@tabler/icons-react";
import { useState } from "react";
import { gainedServices } from "./result.js";
import type { OffboardError } from "./use-offboard.js";
import type { Widened } from "./use-offboard-flow.js";

const SHOWN = 20;

/**
 * ACCESS_WOULD_WIDEN: a successor is already Billing on services a key did not work on, so the
 * key would gain them. Lists those keys and retries only after an explicit yes.
 */
export function WideningNotice({
  error,
  widened,
  onRetry,
}: {
  error: OffboardError;
  widened: Widened;
  onRetry: () => void;
}) {
  const [allowed, setAllowed] = useState(false);
  return (
    <Alert
      color="red"
      icon={<IconArrowsMaximize aria-hidden />}
      title="The dry run stopped: some keys would work on more services"
      role="alert"
    >
      <Stack gap="sm">
        <Text size="sm">
          <Code>{error.code}</Code> {error.message}
        </Text>
        <Text size="sm">
          Their new holder is a Billing collaborator on services these keys do not work on today, so after the move they
          would work there too. Go back to the decisions to pick another holder for them, or allow the wider access.
        </Text>
        {widened.status === "loading" && (
          <Text size="sm" aria-live="polite">
            <Loader size="xs" mr="xs" aria-hidden />
            Finding which keys…
          </Text>
        )}
        {widened.status === "known" && (
          <List size="sm" spacing={4} aria-label="Keys that would gain services">
            {widened.keys.slice(0, SHOWN).map((k) => (
              <List.Item key={k.keyId}>
                <b>{k.name}</b> ({k.prefix}…) to {k.toHolderEmail}: also on <b>{gainedServices(k).join(", ")}</b>
              </List.Item>
            ))}
            {widened.keys.length > SHOWN && <List.Item>and {widened.keys.length - SHOWN} more keys</List.Item>}
          </List>
        )}
        <Checkbox
          label="Allow wider access: these keys may work on more services than before"
          checked={allowed}
          onChange={(e) => setAllowed(e.currentTarget.checked)}
        />
        <div>
          <Button disabled={!allowed} onClick={onRetry}>
            Run the dry run again with wider access
          </Button>
        </div>
      </Stack>
    </Alert>
  );
}
