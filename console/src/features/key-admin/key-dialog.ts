/** What each dialog acting on one key is given by the key's page. */
export interface KeyDialogProps<Key> {
  opened: boolean;
  onClose: () => void;
  /** The key as the page read it: what the dialog shows and the version it changes. */
  apiKey: Key;
  /** Loads the key again: after a change, and after a version conflict. */
  onReload: () => void;
}
