import { Alert, Button, Group, Select, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconLock } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useMutation, useQuery } from "urql";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import { Section } from "../../components/Section.js";
import { When } from "../../components/When.js";
import { ROLE_NAME } from "../auth/roles.js";
import { useSession } from "../auth/session.js";
import { accessLowered, describeAccessChange, ROLE_OPTIONS, type RoleChoice } from "./console-access.js";
import { describeErrors } from "./holder-form.js";
import { ConsoleLockQuery, SetConsoleAccessMutation } from "./holder-mutations.graphql.js";
import { ResetPasswordButton } from "./ResetPasswordButton.js";
import type { UserDetail } from "./types.js";

/** ADMIN only: whether this person may sign in to the console, as what, and a password reset. */
export function ConsoleAccessSection({ user, reload }: { user: UserDetail; reload: () => void }) {
  const { viewer } = useSession();
  const self = viewer.user.id === user.id;
  const current: RoleChoice = user.consoleRole ?? "NONE";
  const [choice, setChoice] = useState<RoleChoice>(current);
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [, setAccess] = useMutation(SetConsoleAccessMutation);
  const [lock] = useQuery({ query: ConsoleLockQuery, variables: { id: user.id }, pause: !user.consoleRole });
  const lockedUntil = lock.data?.user?.lockedUntil;
  const locked = lockedUntil && new Date(lockedUntil).getTime() > Date.now();

  useEffect(() => setChoice(current), [current]);

  if (user.status === "DEPARTED") {
    return (
      <Section title="Console access">
        <Text size="sm" c="dimmed">
          Departed users cannot sign in.
        </Text>
      </Section>
    );
  }

  const save = async () => {
    setFailure(null);
    const result = await setAccess({
      input: { userId: user.id, role: choice === "NONE" ? null : choice, version: user.version },
    });
    const payload = result.data?.setConsoleAccess;
    if (!payload) {
      setFailure(result.error?.message ?? "Keyholder did not answer.");
      return false;
    }
    if (payload.errors.some((e) => e.code === "VERSION_CONFLICT")) {
      notifications.show({
        color: "orange",
        title: "Not changed",
        message: "Someone else changed this user meanwhile. The page has been reloaded: check and try again.",
      });
      reload();
      return true;
    }
    if (payload.errors.length) {
      setFailure(describeErrors(payload.errors));
      return false;
    }
    notifications.show({
      color: "teal",
      title: "Console access changed",
      message:
        choice === "NONE" ? `${user.email} can no longer sign in.` : `${user.email} is now ${ROLE_NAME[choice]}.`,
    });
    return true;
  };

  return (
    <Section
      title="Console access"
      description="Whether this person may sign in to Keyholder, and what they may do there."
    >
      <Stack gap="sm">
        {locked && (
          <Alert color="orange" icon={<IconLock aria-hidden />} title="Sign-in is locked" role="note">
            Too many failed sign-ins: locked until <When at={lockedUntil} />. A password reset lifts the lock.
          </Alert>
        )}
        <Group align="flex-end" gap="sm">
          <Select
            label="Console role"
            data={ROLE_OPTIONS.map((o) => ({ ...o }))}
            allowDeselect={false}
            value={choice}
            onChange={(v) => v && setChoice(v as RoleChoice)}
            w={360}
          />
          <Button
            variant="default"
            disabled={choice === current}
            onClick={() => {
              setFailure(null);
              setConfirming(true);
            }}
          >
            Change access
          </Button>
          {user.consoleRole && !self && <ResetPasswordButton user={user} />}
        </Group>
        {self && (
          <Text size="xs" c="dimmed">
            This is your own account; resetting your password here would sign you out everywhere.
          </Text>
        )}
      </Stack>
      <ConfirmDialog
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Change console access"
        confirmLabel={choice === "NONE" ? "Remove access" : "Change access"}
        danger={accessLowered(user.consoleRole, choice)}
        onConfirm={save}
      >
        <Stack gap="xs">
          {describeAccessChange(user.email, user.consoleRole, choice, self).map((line) => (
            <Text size="sm" key={line}>
              {line}
            </Text>
          ))}
          {failure && (
            <Alert color="red" role="alert" title="Access was not changed">
              {failure}
            </Alert>
          )}
        </Stack>
      </ConfirmDialog>
    </Section>
  );
}
