import { Badge, Button, Code, Group, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconArchive, IconArchiveOff, IconInfoCircle, IconPencil } from "@tabler/icons-react";
import { PageHeader } from "../../components/PageHeader.js";
import { plural } from "../../components/plural.js";
import { When } from "../../components/When.js";
import { Can } from "../auth/Can.js";
import { ArchiveServiceDialog } from "./ArchiveServiceDialog.js";
import { EditServiceDialog } from "./EditServiceDialog.js";
import { Notice } from "./Notice.js";
import type { ServiceDetail } from "./service.graphql.js";

/** The service's name, slug, description and state, with Edit and Archive / Restore for operators. */
export function ServiceHeader({ service, onReload }: { service: ServiceDetail; onReload: () => void }) {
  const [editing, edit] = useDisclosure(false);
  const [archiving, archive] = useDisclosure(false);
  const archived = !!service.archivedAt;
  const keys = service.workingKeyCount.totalCount;
  return (
    <>
      <PageHeader
        title={service.name}
        description={service.description || undefined}
        actions={
          <Can atLeast="OPERATOR">
            <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={edit.open}>
              Edit
            </Button>
            <Button
              variant="default"
              leftSection={archived ? <IconArchiveOff size={16} aria-hidden /> : <IconArchive size={16} aria-hidden />}
              onClick={archive.open}
            >
              {archived ? "Restore" : "Archive"}
            </Button>
          </Can>
        }
      >
        <Group gap="xs">
          <Code fz="sm">{service.slug}</Code>
          <Badge color={archived ? "gray.7" : "teal.9"} variant="filled">
            {archived ? "archived" : "live"}
          </Badge>
          <Text size="sm" c="dimmed">
            {archived ? "No key works on it" : `${plural(keys, "key")} ${keys === 1 ? "works" : "work"} on it`} ·
            created <When at={service.createdAt} /> · changed <When at={service.updatedAt} />
          </Text>
        </Group>
      </PageHeader>
      {service.archivedAt && (
        <Notice color="gray" icon={<IconInfoCircle aria-hidden />} mb="md" title="Archived">
          Archived <When at={service.archivedAt} />: no key works on it and it takes no new collaborators. Its
          collaborators are kept, so restoring it makes its Billing holders' keys work here again.
        </Notice>
      )}
      <EditServiceDialog opened={editing} onClose={edit.close} service={service} onReload={onReload} />
      <ArchiveServiceDialog opened={archiving} onClose={archive.close} service={service} onReload={onReload} />
    </>
  );
}
