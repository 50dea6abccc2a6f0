import { Anchor, Stack, Text, Title } from "@mantine/core";
import { Link } from "wouter";

export function NotFoundPage({ what = "page" }: { what?: string }) {
  return (
    <Stack align="flex-start" py="xl">
      <Title order={1} size="h2">
        No such {what}
      </Title>
      <Text c="dimmed">It may have been removed, or the link is wrong.</Text>
      <Anchor component={Link} href="/">
        Back to the overview
      </Anchor>
    </Stack>
  );
}
