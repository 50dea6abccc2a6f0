import { Text } from "@mantine/core";
import { useMutation } from "urql";
import { ChangeFailure } from "../../components/ChangeFailure.js";
import { DialogForm } from "../../components/DialogForm.js";
import { FormDialog } from "../../components/FormDialog.js";
import type { ServerError } from "../../components/form-errors.js";
import { notify } from "../../components/notify.js";
import { payloadErrors } from "../../components/payload-errors.js";
import { plural } from "../../components/plural.js";
import { BulkReassignPreview, refusalText } from "./BulkReassignPreview.js";
import type { SelectedKey } from "./BulkRevokeDialog.js";
import { ReassignKeysMutation } from "./key-admin.graphql.js";
import { billingAddedText, ReassignFields, reassignInput, useReassignForm } from "./ReassignFields.js";

interface Props {
  opened: boolean;
  onClose: () => void;
  keys: readonly SelectedKey[];
  /** After the keys moved: reload the list and clear the selection. */
  onDone: () => void;
}

/** Moves the selected keys to one holder in one go, all or none, with the same preview as for one key. */
export function BulkReassignDialog({ opened, onClose, keys, onDone }: Props) {
  return (
    <FormDialog opened={opened} onClose={onClose} title={`Reassign ${plural(keys.length, "key")}`} size="lg">
      <BulkReassignForm keys={keys} onCancel={onClose} onDone={onDone} />
    </FormDialog>
  );
}

function explain(errors: ServerError[], keys: readonly SelectedKey[]): ServerError[] {
  return errors.map((e) => {
    if (e.code === "SAME_HOLDER") return { ...e, message: refusalText(e.code, e.message, keys) };
    if (e.code === "KEY_REVOKED" || e.code === "KEY_NOT_FOUND")
      return { ...e, field: null, message: refusalText(e.code, e.message, keys) };
    if (e.field === "keyIds" || e.code === "ACCESS_WOULD_WIDEN") return { ...e, field: null };
    return e;
  });
}

function BulkReassignForm({
  keys,
  onCancel,
  onDone,
}: {
  keys: readonly SelectedKey[];
  onCancel: () => void;
  onDone: () => void;
}) {
  const [, reassign] = useMutation(ReassignKeysMutation);
  const { form, failure, setFailure, allowWider, refuse } = useReassignForm("Choose who should hold the keys");
  const target = form.values.holder;
  const submit = form.onSubmit(async (values) => {
    setFailure([]);
    const result = await reassign({ input: { ids: keys.map((k) => k.id), ...reassignInput(values) } });
    const payload = result.data?.reassignApiKeys;
    if (!payload?.reassignment || payload.errors.length) {
      refuse(explain(payloadErrors(payload, result.error), keys));
      return;
    }
    const { keys: moved, toHolderEmail, billingAdded } = payload.reassignment;
    notify(`${plural(moved.length, "key")} now held by ${toHolderEmail}.${billingAddedText(billingAdded)}`);
    onDone();
  });
  return (
    <DialogForm
      onSubmit={submit}
      submitLabel={`Reassign ${plural(keys.length, "key")}`}
      onCancel={onCancel}
      loading={form.submitting}
    >
      <ChangeFailure subject="key" errors={failure} title="No key was reassigned" onReload={onDone} />
      <Text size="sm">
        The secrets do not change: whatever uses these keys keeps using them. They move together, or none does.
      </Text>
      <ReassignFields
        form={form}
        onHolderPicked={() => setFailure([])}
        keepAccessDetail="wherever the keys work today, so nothing stops working."
        reasonDescription="Optional; kept in the audit trail."
      />
      {target && (
        <BulkReassignPreview
          keys={keys}
          toHolderId={target.id}
          keepAccess={form.values.keepAccess}
          allowWider={form.values.allowWiderAccess}
          onAllowWiderChange={allowWider}
        />
      )}
    </DialogForm>
  );
}
