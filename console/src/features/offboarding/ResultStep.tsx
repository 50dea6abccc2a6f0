import { Alert, Anchor, Button, Group, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconRepeat } from "@tabler/icons-react";
import { Link } from "wouter";
import type { PickedHolder } from "../../components/HolderPicker.js";
import { urls } from "../../urls.js";
import { OffboardingSummary } from "./OffboardingSummary.js";
import { plural } from "./plural.js";
import { type OffboardResult, splitKeys } from "./result.js";

/** Step 5: what the offboarding did, with the proof that reassigned keys work where they did. */
export function ResultStep({
  result,
  holders,
  onAnother,
}: {
  result: OffboardResult;
  /** The holders the operator chose, to link the ones that took keys. */
  holders: readonly PickedHolder[];
  onAnother: () => void;
}) {
  const { counts } = splitKeys(result);
  const receivers = new Set(result.keyGroups.map((g) => g.toHolderEmail));
  const linked = holders.filter((h, i) => receivers.has(h.email) && holders.findIndex((o) => o.id === h.id) === i);
  return (
    <Stack gap="lg">
      <div>
        <Title order={2} size="h3">
          {result.email} has been offboarded
        </Title>
        <Text size="sm" c="dimmed">
          They are marked departed and hold no key and no collaboration. {plural(counts.reassigned, "key")} reassigned,{" "}
          {counts.revoked.toLocaleString("en")} revoked.
        </Text>
      </div>
      {result.replayed && (
        <Alert color="blue" icon={<IconRepeat aria-hidden />} title="Applied once">
          The same request reached Keyholder more than once; it was applied the first time, and this is that result.
        </Alert>
      )}
      {counts.reassigned > 0 &&
        (counts.changed === 0 ? (
          <Alert color="teal" variant="outline" icon={<IconCircleCheck aria-hidden />} title="Nothing broke">
            Every reassigned key ({counts.reassigned.toLocaleString("en")}) still works on exactly the services it
            worked on before.
          </Alert>
        ) : (
          <Alert color="blue" icon={<IconAlertTriangle aria-hidden />} title="Some keys work on more services">
            {counts.changed === counts.reassigned
              ? `All ${plural(counts.reassigned, "reassigned key")} now work on services they did not work on before, as you allowed.`
              : `${counts.changed.toLocaleString("en")} of ${plural(counts.reassigned, "reassigned key")} now work on services they did not work on before, as you allowed. The others still work on exactly the same services.`}
          </Alert>
        ))}
      {linked.length > 0 && (
        <Text size="sm">
          The keys are now held by{" "}
          {linked.map((h, i) => (
            <span key={h.id}>
              {i > 0 && ", "}
              <Anchor component={Link} href={urls.holder(h.id)} size="sm" underline="always">
                {h.email}
              </Anchor>
            </span>
          ))}
          .
        </Text>
      )}
      <OffboardingSummary result={result} />
      <Group justify="space-between">
        <Group gap="md">
          <Anchor component={Link} href={urls.holder(result.userId)}>
            Open {result.email}
          </Anchor>
          <Anchor component={Link} href={urls.keys()}>
            All API keys
          </Anchor>
        </Group>
        <Button onClick={onAnother}>Offboard another user</Button>
      </Group>
    </Stack>
  );
}
