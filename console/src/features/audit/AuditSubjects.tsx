import { Anchor, List, Text } from "@mantine/core";
import { useQuery } from "urql";
import { Link } from "wouter";
import { Pager } from "../../components/Pager.js";
import { useCursorPage } from "../../components/pagination.js";
import { plural } from "../../components/plural.js";
import { QueryState, queryProps } from "../../components/QueryState.js";
import { subjectHref } from "../../urls.js";
import { AuditEntrySubjectsQuery } from "./audit.graphql.js";
import { subjectTypeLabel } from "./subject.js";

const PAGE_SIZE = 50;

interface Props {
  entryId: string;
  /** The subject filter's text: only the subjects it names are listed (those that made the change match). */
  subject?: string | null;
  /** How many subjects the change has in all. */
  total: number;
}

/** The subjects of a change recorded for many, a page at a time (the page lives in the URL). */
export function AuditSubjects({ entryId, subject, total }: Props) {
  const page = useCursorPage(PAGE_SIZE, "subjects");
  const [result, refetch] = useQuery({
    query: AuditEntrySubjectsQuery,
    variables: { id: entryId, first: page.first, after: page.after, subject: subject || null },
  });
  const subjects = result.data?.auditEntry?.subjects;
  const nodes = subjects?.nodes ?? [];
  return (
    <QueryState
      {...queryProps(result, refetch)}
      hasData={subjects !== undefined}
      empty={nodes.length === 0 && "No subject recorded."}
    >
      {subject && (
        <Text size="sm">
          Only the subjects “{subject}” names; this change was made to {plural(total, "subject")} in all (clear the
          subject filter to list every one).
        </Text>
      )}
      <List size="sm" aria-label="Subjects of this change" spacing={2}>
        {nodes.map((s) => {
          const href = subjectHref(s.subjectType, s.subjectId);
          return (
            <List.Item key={s.id}>
              {href ? (
                <Anchor component={Link} href={href} size="sm">
                  {s.subjectLabel}
                </Anchor>
              ) : (
                <Text span size="sm">
                  {s.subjectLabel}
                </Text>
              )}{" "}
              <Text span size="xs" c="dimmed">
                {subjectTypeLabel(s.subjectType)}
              </Text>
            </List.Item>
          );
        })}
      </List>
      <Pager page={page} connection={subjects} shown={nodes.length} noun="subject" />
    </QueryState>
  );
}
