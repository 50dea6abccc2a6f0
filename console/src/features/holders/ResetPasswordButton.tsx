import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useMutation } from "urql";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import { SecretReveal } from "../../components/SecretReveal.js";
import { describeErrors } from "./holder-form.js";
import { ResetConsolePasswordMutation } from "./holder-mutations.graphql.js";

/**
 * Sets a new generated console password for someone else, after a confirmation, and shows it
 * once: Keyholder keeps only its hash.
 */
export function ResetPasswordButton({ user }: { user: { id: string; email: string } }) {
  const [, reset] = useMutation(ResetConsolePasswordMutation);
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [password, setPassword] = useState<string | null>(null);

  const confirm = async () => {
    setFailure(null);
    const result = await reset({ userId: user.id });
    const payload = result.data?.resetConsolePassword;
    if (!payload?.password) {
      setFailure(payload ? describeErrors(payload.errors) : (result.error?.message ?? "Keyholder did not answer."));
      return false;
    }
    setPassword(payload.password);
    return true;
  };

  return (
    <>
      <Button
        variant="default"
        color="red"
        onClick={() => {
          setFailure(null);
          setConfirming(true);
        }}
      >
        Reset console password
      </Button>
      <ConfirmDialog
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Reset console password"
        confirmLabel="Reset password"
        danger
        onConfirm={confirm}
      >
        <Stack gap="xs">
          <Text size="sm">
            Keyholder generates a new password for <b>{user.email}</b>. Their current password stops working and their
            console sessions end now. You will see the new password once, to hand over securely.
          </Text>
          {failure && (
            <Alert color="red" role="alert" title="The password was not reset">
              {failure}
            </Alert>
          )}
        </Stack>
      </ConfirmDialog>
      <Modal
        opened={password !== null}
        onClose={() => setPassword(null)}
        closeButtonProps={{ "aria-label": "Close" }}
        closeOnClickOutside={false}
        title={<Text fw={600}>New console password</Text>}
        size="lg"
      >
        <Stack>
          <Text size="sm">For {user.email}.</Text>
          {password && <SecretReveal secret={password} label="Password" />}
          <Group justify="flex-end">
            <Button onClick={() => setPassword(null)}>Done</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
