import { Badge, Button, Group, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconDoorExit, IconPencil } from "@tabler/icons-react";
import { Link } from "wouter";
import { HolderKindBadge, UserStatusBadge } from "../../components/badges.js";
import { formatDate } from "../../components/format.js";
import { PageHeader } from "../../components/PageHeader.js";
import { When } from "../../components/When.js";
import { urls } from "../../urls.js";
import { Can } from "../auth/Can.js";
import { ROLE_NAME } from "../auth/roles.js";
import { EditHolderDialog } from "./EditHolderDialog.js";
import { MemberCount } from "./HoldersTable.js";
import type { HolderDetail } from "./types.js";

/** The holder's email as the page title, what kind it is and its state, and the actions on it. */
export function HolderHeader({ holder, reload }: { holder: HolderDetail; reload: () => void }) {
  const [editing, edit] = useDisclosure(false);
  const user = holder.__typename === "User" ? holder : null;
  const departed = user?.status === "DEPARTED";
  return (
    <>
      <PageHeader
        title={holder.email}
        description={holder.name}
        actions={
          <Can atLeast="OPERATOR">
            {!departed && (
              <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={edit.open}>
                Edit
              </Button>
            )}
            {user?.status === "ACTIVE" && (
              <Button
                component={Link}
                href={urls.offboarding(holder.id)}
                color="red"
                variant="light"
                leftSection={<IconDoorExit size={16} aria-hidden />}
              >
                Offboard…
              </Button>
            )}
          </Can>
        }
      >
        <Group gap="xs" mt={4}>
          <HolderKindBadge kind={holder.kind} />
          {user && <UserStatusBadge status={user.status} />}
          {user?.departedAt && <Text size="sm">departed {formatDate(user.departedAt)}</Text>}
          {user?.consoleRole && (
            <Badge variant="light" color="gray">
              Console: {ROLE_NAME[user.consoleRole]}
            </Badge>
          )}
          {holder.__typename === "GroupEmail" && (
            <MemberCount count={holder.activeMemberCount} healthy={holder.healthy} />
          )}
          <Text size="sm" c="dimmed">
            added <When at={holder.createdAt} />
          </Text>
        </Group>
        {holder.__typename === "GroupEmail" && holder.description && (
          <Text size="sm" mt={4} maw={720}>
            {holder.description}
          </Text>
        )}
        {departed && (
          <Text size="sm" c="dimmed" mt={4}>
            Departed users are history: they cannot be edited, be given keys or become collaborators.
          </Text>
        )}
      </PageHeader>
      <EditHolderDialog holder={holder} opened={editing} onClose={edit.close} reload={reload} />
    </>
  );
}
