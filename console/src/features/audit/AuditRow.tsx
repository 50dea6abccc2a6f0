import type { ResultOf } from "@keyholder/graphql";
import { ActionIcon, Anchor, Badge, Button, Group, Stack, Table, Text } from "@mantine/core";
import { IconChevronDown, IconChevronRight } from "@tabler/icons-react";
import { Link } from "wouter";
import { AuditDiff } from "../../components/AuditDiff.js";
import { actionLabel } from "../../components/audit-action.js";
import { formatDateTime, formatTimestamp } from "../../components/format.js";
import { subjectHref } from "../../urls.js";
import { AuditSubjects } from "./AuditSubjects.js";
import type { AuditEntryFields } from "./audit.graphql.js";
import { subjectCountLabel, subjectTypeLabel } from "./subject.js";

export type AuditEvent = ResultOf<typeof AuditEntryFields>;

interface Props {
  event: AuditEvent;
  open: boolean;
  onToggle: () => void;
  /** The subject filter's text, if any: a set then lists the subjects it names. */
  subject?: string | null;
  /** Narrows the log to this event's subject or actor. */
  onFilter: (patch: { subject?: string; actor?: string }) => void;
}

export const AUDIT_COLUMNS = 6;

/**
 * One recorded change, and when open, a row below it with its before/after and its identifiers; a
 * change recorded for many subjects reads as one line ("10,000 API keys") and lists them, paged.
 */
export function AuditRow({ event, open, onToggle, onFilter, subject }: Props) {
  const set = event.subjectCount > 1 || !event.subjectId;
  const label = set ? subjectCountLabel(event.subjectType, event.subjectCount) : event.subjectLabel;
  const subjectId = set ? null : event.subjectId;
  const href = subjectId ? subjectHref(event.subjectType, subjectId) : undefined;
  const detailsId = `audit-event-${event.id}`;
  return (
    <>
      <Table.Tr>
        <Table.Td>
          <ActionIcon
            variant="subtle"
            color="gray"
            onClick={onToggle}
            aria-expanded={open}
            aria-controls={open ? detailsId : undefined}
            aria-label={`${open ? "Hide" : "Show"} details of ${actionLabel(event.action)} on ${label}`}
          >
            {open ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />}
          </ActionIcon>
        </Table.Td>
        <Table.Td>
          <Text size="sm" style={{ whiteSpace: "nowrap" }}>
            <time dateTime={event.occurredAt} title={formatTimestamp(event.occurredAt)}>
              {formatDateTime(event.occurredAt)}
            </time>
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{event.actorLabel}</Text>
          <Badge variant="default" size="xs">
            {event.credentialKind.toLowerCase()}
          </Badge>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{actionLabel(event.action)}</Text>
        </Table.Td>
        <Table.Td>
          {href ? (
            <Anchor component={Link} href={href} size="sm">
              {label}
            </Anchor>
          ) : (
            <Text size="sm">{label}</Text>
          )}
          <Text size="xs" c="dimmed">
            {set
              ? subject
                ? `changed alike, among them “${subject}”`
                : "changed alike"
              : subjectTypeLabel(event.subjectType)}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm" lineClamp={2}>
            {event.reason ?? "—"}
          </Text>
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr>
          <Table.Td colSpan={AUDIT_COLUMNS} id={detailsId}>
            <Stack gap="sm" py="xs">
              <AuditDiff before={event.before} after={event.after} label={label} />
              {event.reason && (
                <Text size="sm">
                  <b>Reason:</b> {event.reason}
                </Text>
              )}
              {set ? (
                <AuditSubjects entryId={event.id} subject={subject} total={event.subjectCount} />
              ) : (
                <Text size="sm">
                  <b>Subject:</b> {label} ({subjectTypeLabel(event.subjectType)})
                </Text>
              )}
              <Text size="xs" c="dimmed">
                Event {event.id} · {formatTimestamp(event.occurredAt)}
                {subjectId && ` · ${subjectTypeLabel(event.subjectType)} id ${subjectId}`}
                {event.requestId && ` · request ${event.requestId}`}
              </Text>
              <Group gap="xs">
                {subjectId && (
                  <Button size="compact-xs" variant="default" onClick={() => onFilter({ subject: subjectId })}>
                    Only events on this {subjectTypeLabel(event.subjectType)}
                  </Button>
                )}
                {event.actorId && (
                  <Button
                    size="compact-xs"
                    variant="default"
                    onClick={() => onFilter({ actor: event.actorId ?? undefined })}
                  >
                    Only events by {event.actorLabel}
                  </Button>
                )}
              </Group>
            </Stack>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}
