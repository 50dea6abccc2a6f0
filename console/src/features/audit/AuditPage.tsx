import { readFragment } from "@keyholder/graphql";
import { Table } from "@mantine/core";
import { useQuery } from "urql";
import { ColumnHeads } from "../../components/ColumnHeads.js";
import { PageHeader } from "../../components/PageHeader.js";
import { Pager } from "../../components/Pager.js";
import { useCursorPage } from "../../components/pagination.js";
import { QueryState, queryProps } from "../../components/QueryState.js";
import { useUrlState } from "../../components/url-state.js";
import { AuditFilters } from "./AuditFilters.js";
import { AuditRow } from "./AuditRow.js";
import { AuditEntriesQuery, AuditEntryFields } from "./audit.graphql.js";
import { auditFilterFromUrl } from "./audit-filters.js";

const PAGE_SIZE = 50;

/** Every recorded change, newest first, filtered on the server; filters and the open event live in the URL. */
export default function AuditPage() {
  const { get, set, setFilter } = useUrlState();
  const filter = auditFilterFromUrl(get);
  const page = useCursorPage(PAGE_SIZE);
  const [result, refetch] = useQuery({
    query: AuditEntriesQuery,
    variables: { first: page.first, after: page.after, filter },
  });
  const connection = result.data?.auditEntries;
  const events = (connection?.nodes ?? []).map((e) => readFragment(AuditEntryFields, e));
  // The default categories are a view, not a filter someone set: the URL names what was chosen.
  // A change recorded for many subjects is one entry, listing its subjects when opened.
  const filtered =
    Object.entries(filter).some(([k, v]) => k !== "categories" && v !== undefined) || Boolean(get("categories"));
  const subject = filter.subject;
  const openId = get("event");

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change, newest first: who made it, with which credential, what it was before and after, and why."
      />
      <AuditFilters get={get} setFilter={setFilter} filter={filter} />
      <QueryState
        {...queryProps(result, refetch)}
        hasData={connection !== undefined}
        empty={
          events.length === 0 &&
          (subject
            ? `No event matches these filters: “${subject}” names no holder email, key name or prefix, service slug or id with such events.`
            : filtered
              ? "No event matches these filters."
              : get("categories") === undefined
                ? "Nothing has been recorded yet, sign-ins and access tokens aside."
                : "Nothing has been recorded yet.")
        }
      >
        <Table.ScrollContainer minWidth={900}>
          <Table verticalSpacing="xs" aria-label="Audit events" highlightOnHover>
            <ColumnHeads
              columns={[{ name: "Details", hidden: true, w: 44 }, "When", "Actor", "Action", "Subject", "Reason"]}
            />
            <Table.Tbody>
              {events.map((event) => (
                <AuditRow
                  key={event.id}
                  event={event}
                  open={openId === event.id}
                  subject={subject}
                  onToggle={() =>
                    set({ event: openId === event.id ? null : event.id, subjects: null }, { replace: true })
                  }
                  onFilter={(patch) => setFilter({ ...patch, event: null })}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Pager page={page} connection={connection} shown={events.length} noun="change" />
      </QueryState>
    </>
  );
}
