import { Button } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconArrowsExchange,
  IconBan,
  IconClockStop,
  IconPencil,
  IconPlayerPause,
  IconPlayerPlay,
  IconRotateClockwise,
} from "@tabler/icons-react";
import { EndOverlapDialog } from "../key-admin/EndOverlapDialog.js";
import { ResumeKeyDialog } from "../key-admin/ResumeKeyDialog.js";
import { SuspendKeyDialog } from "../key-admin/SuspendKeyDialog.js";
import { EditKeyDialog } from "./EditKeyDialog.js";
import type { KeyDetail } from "./key.graphql.js";
import { ReassignKeyDialog } from "./ReassignKeyDialog.js";
import { RevokeKeyDialog } from "./RevokeKeyDialog.js";
import { RotateKeyDialog } from "./RotateKeyDialog.js";

/**
 * What an operator can do to the key, offered only when the status allows it: a revoked key is
 * history, and only an active key can be rotated. The dialogs stay mounted whatever the status,
 * so a change of status under an open dialog (e.g. the secret just shown) does not close it.
 */
export function KeyActions({ apiKey: key, onReload }: { apiKey: KeyDetail; onReload: () => void }) {
  const [editing, edit] = useDisclosure(false);
  const [rotating, rotate] = useDisclosure(false);
  const [moving, move] = useDisclosure(false);
  const [revoking, revoke] = useDisclosure(false);
  const [suspending, suspend] = useDisclosure(false);
  const [resuming, resume] = useDisclosure(false);
  const [ending, end] = useDisclosure(false);
  const live = key.status !== "REVOKED";
  const overlapping =
    live && key.previousSecretExpiresAt !== null && new Date(key.previousSecretExpiresAt).getTime() > Date.now();
  return (
    <>
      {live && (
        <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={edit.open}>
          Edit
        </Button>
      )}
      {key.status === "ACTIVE" && (
        <Button variant="default" leftSection={<IconRotateClockwise size={16} aria-hidden />} onClick={rotate.open}>
          Rotate
        </Button>
      )}
      {live && (
        <Button variant="default" leftSection={<IconArrowsExchange size={16} aria-hidden />} onClick={move.open}>
          Reassign
        </Button>
      )}
      {overlapping && (
        <Button variant="default" leftSection={<IconClockStop size={16} aria-hidden />} onClick={end.open}>
          Stop old secret now
        </Button>
      )}
      {live && !key.suspendedAt && (
        <Button variant="default" leftSection={<IconPlayerPause size={16} aria-hidden />} onClick={suspend.open}>
          Suspend
        </Button>
      )}
      {live && key.suspendedAt && (
        <Button variant="default" leftSection={<IconPlayerPlay size={16} aria-hidden />} onClick={resume.open}>
          Resume
        </Button>
      )}
      {live && (
        <Button color="red" variant="outline" leftSection={<IconBan size={16} aria-hidden />} onClick={revoke.open}>
          Revoke
        </Button>
      )}
      <EditKeyDialog opened={editing} onClose={edit.close} apiKey={key} onReload={onReload} />
      <RotateKeyDialog opened={rotating} onClose={rotate.close} apiKey={key} onReload={onReload} />
      <ReassignKeyDialog opened={moving} onClose={move.close} apiKey={key} onReload={onReload} />
      <RevokeKeyDialog opened={revoking} onClose={revoke.close} apiKey={key} onReload={onReload} />
      <SuspendKeyDialog opened={suspending} onClose={suspend.close} apiKey={key} onReload={onReload} />
      <ResumeKeyDialog opened={resuming} onClose={resume.close} apiKey={key} onReload={onReload} />
      <EndOverlapDialog opened={ending} onClose={end.close} apiKey={key} onReload={onReload} />
    </>
  );
}
