import { List, Text } from "@mantine/core";
import { useState } from "react";
import { useMutation } from "urql";
import { ChangeFailure } from "../../components/ChangeFailure.js";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import type { ServerError } from "../../components/form-errors.js";
import { notify } from "../../components/notify.js";
import { payloadErrors } from "../../components/payload-errors.js";
import { AuditReason } from "./AuditReason.js";
import type { ServiceDetail } from "./service.graphql.js";
import { ArchiveServiceMutation, RestoreServiceMutation } from "./service-mutations.graphql.js";

interface Props {
  opened: boolean;
  onClose: () => void;
  service: ServiceDetail;
  onReload: () => void;
}

/** Archives a live service or restores an archived one, saying first whose keys stop (or start) working. */
export function ArchiveServiceDialog({ opened, onClose, service, onReload }: Props) {
  const [, archive] = useMutation(ArchiveServiceMutation);
  const [, restore] = useMutation(RestoreServiceMutation);
  const [reason, setReason] = useState("");
  const [failure, setFailure] = useState<ServerError[]>([]);
  const archived = !!service.archivedAt;
  const keys = service.workingKeyCount.totalCount;
  const billing = service.collaborators.nodes.filter((c) => c.role === "BILLING");

  const close = () => {
    setReason("");
    setFailure([]);
    onClose();
  };

  const confirm = async () => {
    setFailure([]);
    const input = { id: service.id, version: service.version, reason: reason.trim() || null };
    const result = archived ? await restore({ input }) : await archive({ input });
    const payload =
      result.data && ("restoreService" in result.data ? result.data.restoreService : result.data.archiveService);
    if (!payload?.service || payload.errors.length) {
      setFailure(payloadErrors(payload, result.error));
      return false;
    }
    notify(archived ? `${service.slug} is restored.` : `${service.slug} is archived: no key works on it now.`);
    setReason("");
    return true;
  };

  return (
    <ConfirmDialog
      opened={opened}
      onClose={close}
      title={archived ? `Restore ${service.slug}?` : `Archive ${service.slug}?`}
      confirmLabel={archived ? "Restore service" : "Archive service"}
      danger={!archived}
      onConfirm={confirm}
    >
      <ChangeFailure
        subject="service"
        errors={failure}
        title={archived ? "The service was not restored" : "The service was not archived"}
        onReload={onReload}
      />
      {archived ? (
        <Text size="sm">
          {billing.length === 0
            ? "It has no Billing collaborator, so no key will work on it until one is added."
            : `Every active key held by its ${billing.length === 1 ? "Billing collaborator" : `${billing.length} Billing collaborators`} will work on it again:`}
        </Text>
      ) : (
        <>
          <Text size="sm" fw={600}>
            No key will work on {service.slug} any more.
          </Text>
          <Text size="sm">
            {keys === 0
              ? "No key works on it now, so no one loses access."
              : `${keys} ${keys === 1 ? "key works" : "keys work"} on it now and will be refused from the moment it is archived. They keep working on their other services.`}
          </Text>
          {billing.length > 0 && <Text size="sm">Its Billing collaborators, whose keys stop working here:</Text>}
        </>
      )}
      {billing.length > 0 && (
        <List size="sm" spacing={2}>
          {billing.map((c) => (
            <List.Item key={c.id}>{c.holder.email}</List.Item>
          ))}
        </List>
      )}
      {!archived && (
        <Text size="sm" c="dimmed">
          Its collaborators are kept: restoring it brings their keys' access back.
        </Text>
      )}
      <AuditReason value={reason} onChange={setReason} />
    </ConfirmDialog>
  );
}
