import { Alert, Button, Checkbox, Code, List, Loader, Stack, Text } from "@mantine/core";
import { IconArrowsMaximize } from "@tabler/icons-react";
import { useState } from "react";
import { plural } from "./plural.js";
import type { GainingKeys } from "./result.js";
import type { OffboardError } from "./use-offboard.js";
import type { Widened } from "./use-offboard-flow.js";

const SHOWN = 20;

/**
 * ACCESS_WOULD_WIDEN: a successor is already Billing on services a key did not work on, so the
 * key would gain them; or a successor becomes Billing where the leaver's keys work, so the keys it
 * already holds would gain those. Lists every such key and retries only after an explicit yes.
 */
export function WideningNotice({
  errors,
  widened,
  onRetry,
}: {
  /** The refusal: one ACCESS_WOULD_WIDEN error per key. */
  errors: OffboardError[];
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
          <Code>ACCESS_WOULD_WIDEN</Code> {plural(errors.length, "key")} would work on more services than before.
        </Text>
        <Text size="sm">
          A new holder is a Billing collaborator on services these keys do not work on today, or becomes one where the
          leaver's keys work, which makes the keys it already holds work there too. Go back to the decisions to pick
          another holder, or allow the wider access.
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
              <List.Item key={k.id}>
                <Keys keys={k} /> {k.moved ? "to" : "already held by"} {k.holderEmail}: also on{" "}
                <b>{k.gained.join(", ")}</b>
              </List.Item>
            ))}
            {widened.keys.length > SHOWN && (
              <List.Item>
                and{" "}
                {plural(
                  widened.keys.slice(SHOWN).reduce((n, k) => n + k.keyCount, 0),
                  "more key",
                  "more keys",
                )}
              </List.Item>
            )}
          </List>
        )}
        {widened.status === "unknown" && (
          <List size="sm" spacing={4} aria-label="Keys that would gain services">
            {errors.slice(0, SHOWN).map((e) => (
              <List.Item key={e.message}>{e.message}</List.Item>
            ))}
            {errors.length > SHOWN && <List.Item>and {errors.length - SHOWN} more keys</List.Item>}
          </List>
        )}
        <Checkbox
          label="Allow these keys to work on more services"
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

/** One key by name and prefix, or a group of moved keys: how many, and the first by name. */
function Keys({ keys }: { keys: GainingKeys }) {
  const [first] = keys.firstKeys;
  if (keys.keyCount === 1 && first) {
    return (
      <>
        <b>{first.name}</b> ({first.prefix}…)
      </>
    );
  }
  const rest = keys.keyCount - keys.firstKeys.length;
  return (
    <>
      <b>{plural(keys.keyCount, "key")}</b> ({keys.firstKeys.map((k) => k.name).join(", ")}
      {rest > 0 && ` and ${rest.toLocaleString("en")} more`})
    </>
  );
}
