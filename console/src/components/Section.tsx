import { Box, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { type ReactNode, useId } from "react";

interface Props {
  title: string;
  /** A line under the title saying what the section tells. */
  description?: ReactNode;
  actions?: ReactNode;
  /** Without the frame, for a page that reads as one column of sections (a key's page). */
  plain?: boolean;
  children: ReactNode;
}

/** One part of a detail page: an h2, its actions, and its content, as a labelled region. */
export function Section({ title, description, actions, plain = false, children }: Props) {
  const id = useId();
  const content = (
    <Stack gap={plain ? "xs" : "sm"}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={2}>
          <Title order={2} size="h4" id={id}>
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </Stack>
        {actions && <Group gap="xs">{actions}</Group>}
      </Group>
      {children}
    </Stack>
  );
  return plain ? (
    <Box component="section" aria-labelledby={id}>
      {content}
    </Box>
  ) : (
    <Paper component="section" aria-labelledby={id} withBorder p="md" radius="md">
      {content}
    </Paper>
  );
}
