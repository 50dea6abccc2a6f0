import { Anchor, List, Text } from "@mantine/core";
import { useQuery } from "urql";
import { Link } from "wouter";
import { Pager } from "../../components/Pager.js";
import { useCursorPage } from "../../components/pagination.js";
import { QueryState } from "../../components/QueryState.js";
import { AuditEntrySubjectsQuery } from "./audit.graphql.js";
import { subjectHref, subjectTypeLabel } from "./subject.js";

const PAGE_SIZE = 50;

/** The subjects of a change recorded for many, a page at a time (the page lives in the URL). */
export function AuditSubjects({ entryId }: { entryId: string }) {
  const page = useCursorPage(PAGE_SIZE, "subjects");
  const [result, refetch] = useQuery({
    query: AuditEntrySubjectsQuery,
    variables: { id: entryId, first: page.first, after: page.after },
  });
  const subjects = result.data?.auditEntry?.subjects;
  const nodes = subjects?.nodes ?? [];
  return (
    <QueryState
      fetching={result.fetching}
      error={result.error}
      hasData={subjects !== undefined}
      retry={() => refetch({ requestPolicy: "network-only" })}
      empty={nodes.length === 0 && "No subject recorded."}
    >
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
      <Pager
        page={page}
        pageInfo={subjects?.pageInfo}
        totalCount={subjects?.totalCount}
        shown={nodes.length}
        noun="subject"
      />
    </QueryState>
  );
}
