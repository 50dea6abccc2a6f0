import { Anchor, Badge, Group, Text, Timeline } from "@mantine/core";
import { Link } from "wouter";
import { formatDateTime } from "../../components/format.js";
import { Section } from "../../components/Section.js";
import { urls } from "../../urls.js";
import type { KeyDetail } from "./key.graphql.js";

/**
 * Every holder the key has had, oldest first, ending with today's: the chain of custody comes
 * from the append-only audit trail, so it shows who handed the key to whom, and why.
 */
export function CustodyTimeline({ custody }: { custody: KeyDetail["custody"] }) {
  return (
    <Section plain title="Custody" description="Oldest first: the last holder below holds the key now.">
      <Timeline active={custody.length - 1} bulletSize={14} lineWidth={2}>
        {custody.map((period, i) => (
          <Timeline.Item
            key={`${period.from}-${period.holderEmail}`}
            title={
              <Group gap="xs">
                {period.holderId ? (
                  <Anchor component={Link} href={urls.holder(period.holderId)} size="sm" fw={600}>
                    {period.holderEmail}
                  </Anchor>
                ) : (
                  <Text size="sm" fw={600}>
                    {period.holderEmail}
                  </Text>
                )}
                {period.to === null && (
                  <Badge size="sm" variant="light" color="teal">
                    current holder
                  </Badge>
                )}
              </Group>
            }
          >
            <Text size="sm">
              <time dateTime={period.from}>{formatDateTime(period.from)}</time> –{" "}
              {period.to ? <time dateTime={period.to}>{formatDateTime(period.to)}</time> : "now"}
            </Text>
            <Text size="xs" c="dimmed">
              {i === 0 ? "Issued by" : "Handed over by"} {period.assignedBy}
            </Text>
            {period.reason && <Text size="sm">Reason: {period.reason}</Text>}
          </Timeline.Item>
        ))}
      </Timeline>
    </Section>
  );
}
