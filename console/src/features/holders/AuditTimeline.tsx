import type { ResultOf } from "@keyholder/graphql";
import { Anchor, Button, Collapse, Group, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconChevronDown, IconChevronRight } from "@tabler/icons-react";
import { useId } from "react";
import { useQuery } from "urql";
import { Link } from "wouter";
import { AuditDiff } from "../../components/AuditDiff.js";
import { actionLabel } from "../../components/audit-action.js";
import { QueryState, queryProps } from "../../components/QueryState.js";
import { Section } from "../../components/Section.js";
import { When } from "../../components/When.js";
import { urls } from "../../urls.js";
import { HolderAuditQuery } from "./holder.graphql.js";

const SHOWN = 20;

// Any change to a user or group email adds an event here, so those mutations refresh the timeline.
const CONTEXT = { additionalTypenames: ["User", "GroupEmail"] };

type AuditEvent = ResultOf<typeof HolderAuditQuery>["auditEvents"]["nodes"][number];

/** The latest changes to this holder, newest first, each with who, when, why, and what changed. */
export function AuditTimeline({ subjectId }: { subjectId: string }) {
  const [result, refetch] = useQuery({
    query: HolderAuditQuery,
    variables: { subjectId, first: SHOWN },
    context: CONTEXT,
  });
  const connection = result.data?.auditEvents;
  const events = connection?.nodes ?? [];
  const all = urls.audit({ subject: subjectId });
  return (
    <Section
      title="Audit timeline"
      description={
        connection && connection.totalCount > events.length
          ? `The latest ${events.length} of ${connection.totalCount} changes.`
          : "Every change to this holder, newest first."
      }
      actions={
        <Anchor component={Link} href={all} size="sm">
          All events
        </Anchor>
      }
    >
      <QueryState
        {...queryProps(result, refetch)}
        hasData={connection !== undefined}
        empty={events.length === 0 && "Nothing recorded yet."}
      >
        <Stack component="ol" gap={0} p={0} m={0} style={{ listStyle: "none" }} aria-label="Changes, newest first">
          {events.map((event) => (
            <AuditEntry key={event.id} event={event} />
          ))}
        </Stack>
      </QueryState>
    </Section>
  );
}

function AuditEntry({ event }: { event: AuditEvent }) {
  const [open, toggle] = useDisclosure(false);
  const id = useId();
  const recorded = Boolean(event.before || event.after);
  return (
    <li style={{ borderTop: "1px solid var(--mantine-color-default-border)", padding: "8px 0" }}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={2} miw={0}>
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {actionLabel(event.action)}
            </Text>
            <Text size="sm">
              by{" "}
              {event.actor ? (
                <Anchor component={Link} href={urls.holder(event.actor.id)} size="sm">
                  {event.actorLabel}
                </Anchor>
              ) : (
                event.actorLabel
              )}
            </Text>
            <When at={event.occurredAt} />
          </Group>
          {event.reason && (
            <Text size="sm" c="dimmed">
              Reason: {event.reason}
            </Text>
          )}
        </Stack>
        {recorded && (
          <Button
            size="compact-xs"
            variant="subtle"
            style={{ flexShrink: 0 }}
            onClick={toggle.toggle}
            aria-expanded={open}
            aria-controls={id}
            leftSection={open ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />}
          >
            {open ? "Hide details" : "Details"}
          </Button>
        )}
      </Group>
      {recorded && (
        <Collapse expanded={open} id={id} mt="xs">
          <AuditDiff before={event.before} after={event.after} label={actionLabel(event.action)} />
        </Collapse>
      )}
    </li>
  );
}
