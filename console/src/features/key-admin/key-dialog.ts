/** What each dialog acting on one key is given by the key's page. */
export interface KeyDialogProps<Key> {
  opened: boolean;
  onClose: () => void;
  /** The key as the page read it: what the dialog shows and the version it changes. */
  apiKey: Key;
  /** Loads the key again: after a change, and after a version conflict. */
  onReload: () => void;
}

/** What the form inside such a dialog is given; it mounts afresh each time the dialog opens. */
export type KeyFormProps<Key> = Pick<KeyDialogProps<Key>, "apiKey" | "onReload"> & {
  /** Closes the dialog: after the change, or on Cancel. */
  onDone: () => void;
};
