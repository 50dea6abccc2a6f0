import { Anchor, Button, Group, Table, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconAlertTriangle, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "wouter";
import { HolderKindBadge, UserStatusBadge } from "../../components/badges.js";
import { DataTable } from "../../components/DataTable.js";
import { EmptyState } from "../../components/QueryState.js";
import { Section } from "../../components/Section.js";
import { When } from "../../components/When.js";
import { urls } from "../../urls.js";
import { Can } from "../auth/Can.js";
import { useSession } from "../auth/session.js";
import { AddCollaboratorDialog } from "./AddCollaboratorDialog.js";
import { ChangeRoleDialog } from "./ChangeRoleDialog.js";
import { Notice } from "./Notice.js";
import { RemoveCollaboratorDialog } from "./RemoveCollaboratorDialog.js";
import { ROLE_LABEL, RoleBadge } from "./RoleBadge.js";
import type { CollaboratorRow, ServiceDetail } from "./service.graphql.js";

type Pending = { action: "change" | "remove"; collaborator: CollaboratorRow } | null;

/**
 * One row per role a holder has here (the API's collaborator is a service, a holder and a role).
 * Changing a role adds the new one before removing the old, so access never lapses in between.
 */
export function CollaboratorsSection({ service, onReload }: { service: ServiceDetail; onReload: () => void }) {
  const { can } = useSession();
  const writer = can("OPERATOR");
  const [adding, add] = useDisclosure(false);
  const [pending, setPending] = useState<Pending>(null);
  const PendingDialog = pending?.action === "change" ? ChangeRoleDialog : RemoveCollaboratorDialog;
  const archived = !!service.archivedAt;
  const billing = service.collaborators.nodes.filter((c) => c.role === "BILLING").length;

  return (
    <Section
      title="Collaborators"
      description="A key works here while its holder is a Billing collaborator. Admin and Viewer roles grant no key access."
      actions={
        <Can atLeast="OPERATOR">
          <Button
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={add.open}
            disabled={archived}
            title={archived ? "An archived service takes no new collaborators" : undefined}
          >
            Add collaborator
          </Button>
        </Can>
      }
    >
      {!archived && billing === 0 && (
        <Notice color="orange" icon={<IconAlertTriangle aria-hidden />} title="No Billing collaborator">
          No key works on {service.slug} until a holder is made a Billing collaborator.
        </Notice>
      )}
      {service.collaborators.totalCount === 0 ? (
        <EmptyState>No one collaborates on this service yet.</EmptyState>
      ) : (
        <DataTable
          minWidth={720}
          verticalSpacing="xs"
          aria-label={`Collaborators on ${service.slug}`}
          columns={["Holder", "Kind", "Role", "Since", writer && "Actions"]}
          rows={service.collaborators.nodes}
          rowKey={(c) => c.id}
        >
          {(c) => (
            <>
              <Table.Td>
                <Anchor component={Link} href={urls.holder(c.holder.id)} size="sm" fw={500}>
                  {c.holder.email}
                </Anchor>
                {c.holder.name && c.holder.name !== c.holder.email && (
                  <Text size="xs" c="dimmed">
                    {c.holder.name}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <HolderKindBadge kind={c.holder.kind} />
                  {c.holder.__typename === "User" && c.holder.status === "DEPARTED" && (
                    <UserStatusBadge status="DEPARTED" />
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <RoleBadge role={c.role} />
              </Table.Td>
              <Table.Td>
                <When at={c.createdAt} />
              </Table.Td>
              {writer && (
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button
                      size="compact-sm"
                      variant="default"
                      disabled={archived}
                      aria-label={`Change role: ${c.holder.email}, ${ROLE_LABEL[c.role]}`}
                      onClick={() => setPending({ action: "change", collaborator: c })}
                    >
                      Change role
                    </Button>
                    <Button
                      size="compact-sm"
                      variant="default"
                      aria-label={`Remove: ${c.holder.email}, ${ROLE_LABEL[c.role]}`}
                      onClick={() => setPending({ action: "remove", collaborator: c })}
                    >
                      Remove
                    </Button>
                  </Group>
                </Table.Td>
              )}
            </>
          )}
        </DataTable>
      )}
      <AddCollaboratorDialog opened={adding} onClose={add.close} service={service} />
      {pending && (
        <PendingDialog
          service={service}
          collaborator={pending.collaborator}
          onClose={() => setPending(null)}
          onReload={onReload}
        />
      )}
    </Section>
  );
}
