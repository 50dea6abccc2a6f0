import { Anchor, Stack, Text, Title } from "@mantine/core";
import { Link } from "wouter";

/** Where to go instead: the list the missing item would have been in. */
interface Back {
  href: string;
  label: string;
}

export function NotFoundPage({
  what = "page",
  back = { href: "/", label: "Back to the overview" },
}: {
  what?: string;
  back?: Back;
}) {
  return (
    <Stack align="flex-start" py="xl">
      <Title order={1} size="h2">
        No such {what}
      </Title>
      <Text c="dimmed">It may have been removed, or the link is wrong.</Text>
      <Anchor component={Link} href={back.href}>
        {back.label}
      </Anchor>
    </Stack>
  );
}
