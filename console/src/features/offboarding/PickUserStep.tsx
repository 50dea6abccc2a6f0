import { Stack, Text, Title } from "@mantine/core";
import { HolderPicker } from "../../components/HolderPicker.js";

/** Step 1: the leaver, among active users and those who departed outside Keyholder with things left. */
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
        description="A member of staff (active, or departed with keys or roles left): type part of their name or email."
        kind="USER"
        includeDeparted
        value={null}
        onChange={(user) => user && onPick(user.id)}
      />
    </Stack>
  );
}
