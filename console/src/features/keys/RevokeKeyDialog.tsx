import { List, Text } from "@mantine/core";
import { notify } from "../../components/notify.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import type { KeyDialogProps } from "../key-admin/key-dialog.js";
import { ReasonDialog } from "../key-admin/ReasonDialog.js";
import { type KeyDetail, RevokeKeyMutation } from "./key.graphql.js";

type Props = KeyDialogProps<Pick<KeyDetail, "id" | "name" | "prefix" | "worksOn" | "previousSecretExpiresAt">>;

/**
 * Revokes the key for good, with a reason for the audit trail. The dialog names every service
 * that will refuse the key, because that is what breaks the moment the button is pressed.
 */
export function RevokeKeyDialog({ apiKey: key, ...dialog }: Props) {
  const { run: revoke } = usePayloadMutation(RevokeKeyMutation, "revokeApiKey", "apiKey");
  const overlapping = key.previousSecretExpiresAt && new Date(key.previousSecretExpiresAt).getTime() > Date.now();
  const submit = async (reason: string) => {
    const { payload, errors } = await revoke({ input: { id: key.id, reason } });
    if (payload) notify(`${key.name} is revoked.`);
    return errors;
  };

  return (
    <ReasonDialog
      {...dialog}
      title={`Revoke ${key.name}?`}
      confirmLabel="Revoke key"
      danger
      required="Say why the key is revoked"
      description="Kept with the key and in the audit trail."
      failureTitle="The key was not revoked"
      onSubmit={submit}
    >
      <Text size="sm">
        The key ({key.prefix}…{overlapping ? ", and the old secret still in its rotation overlap" : ""}) stops working
        everywhere at once. Anything still using it is refused from that moment. A revoked key cannot be restored.
      </Text>
      {key.worksOn.length > 0 ? (
        <>
          <Text size="sm" fw={600}>
            It works on {key.worksOn.length === 1 ? "this service" : `these ${key.worksOn.length} services`} today:
          </Text>
          <List size="sm" aria-label="Services that will refuse the key">
            {key.worksOn.map((s) => (
              <List.Item key={s.id}>
                {s.slug} <Text span size="sm" c="dimmed">{`(${s.name})`}</Text>
              </List.Item>
            ))}
          </List>
        </>
      ) : (
        <Text size="sm">It works on no service today.</Text>
      )}
    </ReasonDialog>
  );
}
