import { Text } from "@mantine/core";
import { useMemo } from "react";
import { useMutation } from "urql";
import { ChangeFailure } from "../../components/ChangeFailure.js";
import { DialogForm } from "../../components/DialogForm.js";
import { FormDialog } from "../../components/FormDialog.js";
import type { ServerError } from "../../components/form-errors.js";
import { notify } from "../../components/notify.js";
import { payloadErrors } from "../../components/payload-errors.js";
import type { KeyDialogProps, KeyFormProps } from "../key-admin/key-dialog.js";
import { billingAddedText, ReassignFields, reassignInput, useReassignForm } from "../key-admin/ReassignFields.js";
import { type KeyDetail, ReassignKeyMutation } from "./key.graphql.js";
import { ReassignPreview } from "./ReassignPreview.js";

type Movable = Pick<KeyDetail, "id" | "name" | "version"> & { holder: Pick<KeyDetail["holder"], "id" | "email"> };

type Props = KeyDialogProps<Movable>;

/** Codes the API answers with, in words about this key rather than about a key id. */
function explain(errors: ServerError[], key: Movable): ServerError[] {
  return errors.map((e) => {
    if (e.code === "SAME_HOLDER") return { ...e, message: `The key is already held by this holder.` };
    if (e.code === "KEY_REVOKED") {
      return { ...e, field: null, message: "The key has been revoked, so it can no longer change hands." };
    }
    if (e.code === "KEY_NOT_FOUND") return { ...e, field: null, message: `${key.name} no longer exists.` };
    // One per key that would gain services: all shown together, above the form.
    if (e.code === "ACCESS_WOULD_WIDEN") return { ...e, field: null };
    return e;
  });
}

/**
 * Moves the key to another holder; the secret does not change. A live preview shows what the
 * move does to where the key works before anything is changed.
 */
export function ReassignKeyDialog({ opened, onClose, apiKey, onReload }: Props) {
  return (
    <FormDialog opened={opened} onClose={onClose} title={`Reassign ${apiKey.name}`} size="lg">
      <ReassignForm apiKey={apiKey} onDone={onClose} onReload={onReload} />
    </FormDialog>
  );
}

function ReassignForm({ apiKey: key, onDone, onReload }: KeyFormProps<Movable>) {
  const [, reassign] = useMutation(ReassignKeyMutation);
  const exclude = useMemo(() => [key.holder.id], [key.holder.id]);
  const { form, failure, setFailure, allowWider, refuse } = useReassignForm("Choose who should hold the key");
  const target = form.values.holder;

  const submit = form.onSubmit(async (values) => {
    setFailure([]);
    const result = await reassign({ input: { id: key.id, ...reassignInput(values), version: key.version } });
    const payload = result.data?.reassignApiKey;
    if (!payload?.reassignment || payload.errors.length) {
      refuse(explain(payloadErrors(payload, result.error), key));
      return;
    }
    const { toHolderEmail, billingAdded } = payload.reassignment;
    notify(`${key.name} is now held by ${toHolderEmail}.${billingAddedText(billingAdded)}`);
    onReload();
    onDone();
  });

  return (
    <DialogForm onSubmit={submit} submitLabel="Reassign key" onCancel={onDone} loading={form.submitting}>
      <ChangeFailure subject="key" errors={failure} title="The key was not reassigned" onReload={onReload} />
      <Text size="sm">
        Held today by <b>{key.holder.email}</b>. The secret does not change: whatever uses the key keeps using it.
      </Text>
      <ReassignFields
        form={form}
        onHolderPicked={() => setFailure([])}
        exclude={exclude}
        keepAccessDetail="wherever the key works today, so nothing stops working. Off: the key works only where the new holder already is one."
        reasonDescription="Optional; kept in the audit trail and the key's custody."
      />
      {target && (
        <ReassignPreview
          keyId={key.id}
          keyName={key.name}
          toHolderId={target.id}
          keepAccess={form.values.keepAccess}
          allowWider={form.values.allowWiderAccess}
          onAllowWiderChange={allowWider}
        />
      )}
    </DialogForm>
  );
}
