import { Alert, Anchor, Button, Group, Stack, Text } from "@mantine/core";
import { IconUserOff } from "@tabler/icons-react";
import { Link } from "wouter";
import { formatDateTime } from "../../components/format.js";
import { urls } from "../../urls.js";
import type { Plan } from "./decisions.js";

/** A departed user with nothing left to offboard (also what a reload after the result shows). */
export function DepartedNotice({ user, onAnother }: { user: Plan["user"]; onAnother: () => void }) {
  return (
    <Alert color="gray" icon={<IconUserOff aria-hidden />} title={`${user.email} has already departed`}>
      <Stack gap="sm">
        <Text size="sm">
          {user.departedAt ? `They left on ${formatDateTime(user.departedAt)}.` : "They have left."} They hold no key,
          collaboration, membership, token or session any more; the audit trail keeps every change.
        </Text>
        <Group gap="md">
          <Anchor component={Link} href={urls.holder(user.id)} size="sm">
            Open {user.email}
          </Anchor>
          <Button size="xs" variant="default" onClick={onAnother}>
            Offboard another user
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
