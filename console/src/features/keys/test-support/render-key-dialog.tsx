import type { ComponentType } from "react";
import { type RenderOptions, renderConsole } from "../../../test/render.js";
import type { KeyDetail } from "../key.graphql.js";
import { keyDetail } from "./key-detail.js";

/** What the key page hands each of its dialogs. */
interface KeyDialogProps {
  opened: boolean;
  onClose: () => void;
  apiKey: KeyDetail;
  onReload: () => void;
}

/**
 * Renders a key page's dialog, open on the fixture key, for an OPERATOR answered from `answers`;
 * the view also tells whether the dialog asked to close and how often it asked for a reload.
 */
export function renderKeyDialog(Dialog: ComponentType<KeyDialogProps>, answers: RenderOptions["answers"]) {
  let closed = false;
  let reloads = 0;
  const onClose = () => {
    closed = true;
  };
  const onReload = () => {
    reloads++;
  };
  const view = renderConsole(<Dialog opened onClose={onClose} apiKey={keyDetail()} onReload={onReload} />, {
    role: "OPERATOR",
    answers,
  });
  return { ...view, closed: () => closed, reloads: () => reloads };
}
