import { type ReactNode, useState } from "react";
import { ChangeFailure } from "../../components/ChangeFailure.js";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import type { ServerError } from "../../components/form-errors.js";
import { notify } from "../../components/notify.js";
import { ReasonField, reasonProblem } from "./ReasonField.js";

interface Props {
  opened: boolean;
  onClose: () => void;
  title: string;
  confirmLabel: string;
  /** Red for what cannot be undone. */
  danger?: boolean;
  /** What a blank reason is told, or null where the reason is optional. */
  required: string | null;
  /** Under the reason's label: where the reason is kept. */
  description: string;
  /** Above the dialog when the change did not go through: "The key was not suspended". */
  failureTitle: string;
  onReload: () => void;
  /**
   * Makes the change with the trimmed reason ("" when none was given) and answers why it did not
   * go through: an empty list when it did.
   */
  onSubmit: (reason: string) => Promise<readonly ServerError[]>;
  /** What will happen, in plain words. */
  children: ReactNode;
}

/**
 * A key change confirmed with a reason for the audit trail (suspend, resume, revoke one or many):
 * the reason is checked before anything is sent; a reason the API refuses is told under the
 * field, anything else above the dialog.
 */
export function ReasonDialog(props: Props) {
  const { onClose, required, description, failureTitle, onReload, onSubmit, children, ...dialog } = props;
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [failure, setFailure] = useState<readonly ServerError[]>([]);
  const close = () => {
    setReason("");
    setReasonError(null);
    setFailure([]);
    onClose();
  };
  const confirm = async () => {
    const invalid = reasonProblem(reason, required);
    setReasonError(invalid);
    setFailure([]);
    if (invalid) return false;
    const errors = await onSubmit(reason.trim());
    if (errors.length) {
      const onReason = errors.find((e) => e.field === "reason");
      setReasonError(onReason?.message ?? null);
      setFailure(errors.filter((e) => e !== onReason));
      return false;
    }
    setReason("");
    return true;
  };
  return (
    <ConfirmDialog onClose={close} onConfirm={confirm} {...dialog}>
      <ChangeFailure subject="key" errors={failure} title={failureTitle} onReload={onReload} />
      {children}
      <ReasonField
        value={reason}
        onChange={(v) => {
          setReason(v);
          setReasonError(null);
        }}
        error={reasonError}
        required={required !== null}
        description={description}
      />
    </ConfirmDialog>
  );
}

/**
 * The `onSubmit` of a control on one key (suspend, resume): runs the mutation with the variables
 * made from the reason; once it went through, says `done` and loads the key again.
 */
export function controlSubmit<Variables>(
  run: (variables: Variables) => Promise<{ payload: unknown; errors: readonly ServerError[] }>,
  variables: (reason: string) => Variables,
  done: string,
  onReload: () => void,
): (reason: string) => Promise<readonly ServerError[]> {
  return async (reason) => {
    const { payload, errors } = await run(variables(reason));
    if (payload) {
      notify(done);
      onReload();
    }
    return errors;
  };
}
