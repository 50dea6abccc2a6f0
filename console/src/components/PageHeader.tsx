import { Group, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

/** The title of a screen (the one h1), a line saying what it is for, and its main actions. */
export function PageHeader({
  title,
  description,
  actions,
  children,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-start" mb="md" wrap="wrap">
      <Stack gap={4} miw={0} maw="100%">
        {/* A long email as the title breaks anywhere rather than widening the page on a phone. */}
        <Title order={1} size="h2" style={{ overflowWrap: "anywhere" }}>
          {title}
        </Title>
        {description && (
          <Text c="dimmed" size="sm">
            {description}
          </Text>
        )}
        {children}
      </Stack>
      {actions && <Group gap="xs">{actions}</Group>}
    </Group>
  );
}
