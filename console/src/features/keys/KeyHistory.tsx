import { Box, Table, Text } from "@mantine/core";
import { ColumnHeads } from "../../components/ColumnHeads.js";
import { Pager } from "../../components/Pager.js";
import type { CursorPage } from "../../components/pagination.js";
import { Section } from "../../components/Section.js";
import { describeKeyEvent, overlapsEndedEarly } from "./history-text.js";
import type { KeyDetail } from "./key.graphql.js";
import { Moment } from "./Moment.js";

/** Everything that happened to the key, newest first, from the audit trail, a page at a time. */
export function KeyHistory({ history, page }: { history: KeyDetail["history"]; page: CursorPage }) {
  const events = history.nodes;
  const endedEarly = overlapsEndedEarly(events);
  return (
    <Section plain title="History">
      {events.length === 0 && page.index === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing recorded yet.
        </Text>
      ) : (
        // A scroll area keyboard users can reach: focusable, and named for screen readers.
        <Box
          tabIndex={0}
          role="region"
          aria-label="History of this key (scrolls sideways)"
          style={{ overflowX: "auto" }}
          data-testid="history-scroll"
        >
          <Table verticalSpacing="xs" miw={640} aria-label="History of this key, newest first">
            <ColumnHeads columns={["When", "What", "By", "Reason"]} />
            <Table.Tbody>
              {events.map((event) => {
                const line = describeKeyEvent(event, Date.now(), endedEarly.get(event.id));
                return (
                  <Table.Tr key={event.id}>
                    <Table.Td>
                      <Moment at={event.occurredAt} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {line.what}
                      </Text>
                      {line.detail && (
                        <Text size="xs" c="dimmed">
                          {line.detail}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{event.actorLabel}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={event.reason ? undefined : "dimmed"}>
                        {event.reason ?? "—"}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Box>
      )}
      {history.totalCount > 0 && <Pager page={page} connection={history} shown={events.length} noun="event" />}
    </Section>
  );
}
