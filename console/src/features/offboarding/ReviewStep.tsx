import { Alert, Button, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconFlask } from "@tabler/icons-react";
import { ConfirmOffboarding } from "./ConfirmOffboarding.js";
import { OffboardErrors } from "./OffboardErrors.js";
import { OffboardingSummary } from "./OffboardingSummary.js";
import { useElapsed } from "./use-elapsed.js";
import type { OffboardFlow, Review } from "./use-offboard-flow.js";
import { WideningNotice } from "./WideningNotice.js";

interface Props {
  review: Review;
  flow: OffboardFlow;
  keyCount: number;
  onBack: () => void;
  onRetry: (allowWiderAccess: boolean) => void;
  onApplied: () => void;
  /** The leaver was marked departed before this offboarding. */
  alreadyDeparted?: boolean;
}

/** Step 4: the dry run's summary (nothing saved), then the confirmation and the real run. */
export function ReviewStep({ review, flow, keyCount, onBack, onRetry, onApplied, alreadyDeparted }: Props) {
  const [confirming, confirm] = useDisclosure(false);
  const elapsed = useElapsed(review.status === "running");
  const widening = review.status === "failed" ? review.errors.find((e) => e.code === "ACCESS_WOULD_WIDEN") : undefined;
  return (
    <Stack gap="lg">
      <div>
        <Title order={2} size="h3">
          Dry run
        </Title>
        <Text size="sm" c="dimmed">
          Keyholder does everything, reports it, then rolls it all back: nothing has changed yet.
        </Text>
      </div>

      {review.status === "running" && (
        <Group gap="sm" aria-live="polite" aria-busy="true">
          <Loader size="sm" aria-hidden />
          <Text size="sm">
            Running the offboarding of {keyCount === 1 ? "1 key" : `${keyCount} keys`} without saving it…
            {elapsed > 0 ? ` ${elapsed} s` : ""}
          </Text>
        </Group>
      )}

      {review.status === "failed" &&
        (review.widened && widening ? (
          <WideningNotice error={widening} widened={review.widened} onRetry={() => onRetry(true)} />
        ) : (
          <OffboardErrors title="The dry run stopped: nothing would change" errors={review.errors} />
        ))}

      {review.status === "ready" && (
        <>
          <Alert color="blue" icon={<IconFlask aria-hidden />} title="This is what offboarding would do">
            Check that every reassigned key still works on the same services, then confirm.
            {review.input.allowWiderAccess && " You allowed keys to work on more services than before."}
          </Alert>
          <OffboardingSummary result={review.result} />
          <ConfirmOffboarding
            opened={confirming}
            onClose={confirm.close}
            preview={review.result}
            running={flow.applying}
            errors={flow.applyErrors}
            alreadyDeparted={alreadyDeparted}
            onConfirm={async () => {
              const done = await flow.apply();
              if (done) onApplied();
              return done !== null;
            }}
          />
        </>
      )}

      <Group justify="space-between">
        <Button variant="default" onClick={onBack} disabled={review.status === "running"}>
          Back to the decisions
        </Button>
        <Group gap="xs">
          {review.status === "failed" && !review.widened && (
            <Button variant="default" onClick={() => onRetry(Boolean(review.input.allowWiderAccess))}>
              Run the dry run again
            </Button>
          )}
          {review.status === "ready" && (
            <Button color="red" onClick={confirm.open}>
              Confirm and offboard…
            </Button>
          )}
        </Group>
      </Group>
    </Stack>
  );
}
