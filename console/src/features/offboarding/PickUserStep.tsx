import { Stack, Text, Title } from "@mantine/core";
import { HolderPicker } from "../../components/HolderPicker.js";

/** Step 1: the leaver, among active users. */
export function PickUserStep({ onPick }: { onPick: (userId: string) => void }) {
  return (
    <Stack gap="sm" maw={520}>
      <Title order={2} size="h3">
        Who is leaving?
      </Title>
      <Text size="sm" c="dimmed">
        Nothing changes until you confirm at the end: first you see the impact, decide per key and check a dry run.
      </Text>
      <HolderPicker
        label="Leaver"
        description="An active member of staff: type part of their name or email."
        kind="USER"
        value={null}
        onChange={(user) => user && onPick(user.id)}
      />
    </Stack>
  );
}
