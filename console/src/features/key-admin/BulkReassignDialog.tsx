import { Button, Group, Modal, Stack, Switch, Text, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useMutation } from "urql";
import { ChangeFailure } from "../../components/ChangeFailure.js";
import { applyServerErrors, type ServerError } from "../../components/form-errors.js";
import { HolderPicker, type PickedHolder } from "../../components/HolderPicker.js";
import { notify } from "../../components/notify.js";
import { payloadErrors, renameFields } from "../../components/payload-errors.js";
import { plural } from "../../components/plural.js";
import { BulkReassignPreview, refusalText } from "./BulkReassignPreview.js";
import type { SelectedKey } from "./BulkRevokeDialog.js";
import { ReassignKeysMutation } from "./key-admin.graphql.js";

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
    <Modal
      opened={opened}
      onClose={onClose}
      title={`Reassign ${plural(keys.length, "key")}`}
      closeButtonProps={{ "aria-label": "Close" }}
      size="lg"
    >
      <BulkReassignForm keys={keys} onCancel={onClose} onDone={onDone} />
    </Modal>
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
  const [failure, setFailure] = useState<ServerError[]>([]);
  const form = useForm({
    initialValues: { holder: null as PickedHolder | null, keepAccess: true, allowWiderAccess: false, reason: "" },
    validate: {
      holder: (v) => (v ? null : "Choose who should hold the keys"),
      reason: (v) => (v.trim().length > 1000 ? "At most 1000 characters" : null),
    },
  });
  const target = form.values.holder;
  const submit = form.onSubmit(async (values) => {
    setFailure([]);
    const result = await reassign({
      input: {
        ids: keys.map((k) => k.id),
        toHolderId: values.holder?.id ?? "",
        keepAccess: values.keepAccess,
        allowWiderAccess: values.allowWiderAccess,
        reason: values.reason.trim() || undefined,
      },
    });
    const payload = result.data?.reassignApiKeys;
    if (!payload?.reassignment || payload.errors.length) {
      const errors = renameFields(payloadErrors(payload, result.error), { toHolderId: "holder" });
      setFailure(applyServerErrors(form, explain(errors, keys)));
      return;
    }
    const added = payload.reassignment.billingAdded;
    notify(
      `${plural(payload.reassignment.keys.length, "key")} now held by ${payload.reassignment.toHolderEmail}.` +
        (added.length ? ` It became a Billing collaborator on ${added.join(", ")}.` : ""),
    );
    onDone();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ChangeFailure subject="key" errors={failure} title="No key was reassigned" onReload={onDone} />
        <Text size="sm">
          The secrets do not change: whatever uses these keys keeps using them. They move together, or none does.
        </Text>
        <HolderPicker
          label="New holder"
          description="A group email is the safer holder: it outlives any one person. People who have left are not offered."
          required
          data-autofocus
          value={target}
          onChange={(h) => {
            form.setFieldValue("holder", h);
            form.setFieldValue("allowWiderAccess", false);
            setFailure([]);
          }}
          error={form.errors.holder}
        />
        <Switch
          label="Keep access"
          description={`Make ${target?.email ?? "the new holder"} a Billing collaborator wherever the keys work today, so nothing stops working.`}
          {...form.getInputProps("keepAccess", { type: "checkbox" })}
          onChange={(e) => {
            form.setFieldValue("keepAccess", e.currentTarget.checked);
            form.setFieldValue("allowWiderAccess", false);
          }}
        />
        <Textarea
          label="Reason"
          description="Optional; kept in the audit trail."
          rows={2}
          {...form.getInputProps("reason")}
        />
        {target && (
          <BulkReassignPreview
            keys={keys}
            toHolderId={target.id}
            keepAccess={form.values.keepAccess}
            allowWider={form.values.allowWiderAccess}
            onAllowWiderChange={(allowed) => {
              form.setFieldValue("allowWiderAccess", allowed);
              setFailure([]);
            }}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={form.submitting}>
            Reassign {plural(keys.length, "key")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
