import { Alert, Anchor, Box, Group, SimpleGrid, Text } from "@mantine/core";
import { IconUserExclamation } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link } from "wouter";
import { HolderKindBadge } from "../../components/badges.js";
import { formatDate, formatDateTime, fromNow } from "../../components/format.js";
import { urls } from "../../urls.js";
import type { KeyDetail } from "./key.graphql.js";
import { Moment } from "./Moment.js";

/** Who holds the key, and when it was created, used, rotated, revoked and will expire. */
export function KeyFacts({ apiKey: key }: { apiKey: KeyDetail }) {
  const holder = key.holder;
  const departedAt = "departedAt" in holder && holder.status === "DEPARTED" ? holder.departedAt : undefined;
  const departed = "status" in holder && holder.status === "DEPARTED";
  return (
    <>
      {departed && key.status !== "REVOKED" && (
        <Alert color="orange" icon={<IconUserExclamation aria-hidden />} title="Held by someone who has left" mb="md">
          {holder.email} departed{departedAt ? ` on ${formatDate(departedAt)}` : ""}. The key stays valid while they
          hold it: reassign it to a group email, or revoke it.
        </Alert>
      )}
      <SimpleGrid component="dl" cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" verticalSpacing="sm" m={0} mb="lg">
        <Fact term="Holder">
          <Group gap="xs" wrap="wrap">
            <Anchor component={Link} href={urls.holder(holder.id)} size="sm">
              {holder.email}
            </Anchor>
            <HolderKindBadge kind={holder.kind} />
          </Group>
          <Text size="xs" c="dimmed">
            {holder.name}
            {departed ? " · departed" : ""}
          </Text>
        </Fact>
        <Fact term="Created">
          <Moment at={key.createdAt} />
          <Text size="xs" c="dimmed">
            by {key.createdBy?.email ?? "the system"}
          </Text>
        </Fact>
        <Fact term="Expires">{key.expiresAt ? <Moment at={key.expiresAt} /> : <Text size="sm">Never</Text>}</Fact>
        <Fact term="Last used">{key.lastUsedAt ? <Moment at={key.lastUsedAt} /> : <Text size="sm">Never</Text>}</Fact>
        {key.rotatedAt && (
          <Fact term="Rotated">
            <Moment at={key.rotatedAt} />
            {key.previousPrefix && (
              <PreviousSecret
                prefix={key.previousPrefix}
                until={key.previousSecretExpiresAt}
                revokedAt={key.revokedAt}
              />
            )}
          </Fact>
        )}
        {key.suspendedAt && !key.revokedAt && (
          <Fact term="Suspended">
            <Moment at={key.suspendedAt} />
            <Text size="sm">Refused everywhere until resumed.</Text>
            {key.suspendedReason && <Text size="sm">Reason: {key.suspendedReason}</Text>}
          </Fact>
        )}
        {key.revokedAt && (
          <Fact term="Revoked">
            <Moment at={key.revokedAt} />
            <Text size="xs" c="dimmed">
              by {key.revokedBy?.email ?? "the system"}
            </Text>
            {key.revokedReason && <Text size="sm">Reason: {key.revokedReason}</Text>}
          </Fact>
        )}
      </SimpleGrid>
    </>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" fw={600} tt="uppercase" c="dimmed">
        {term}
      </Text>
      <Box component="dd" m={0}>
        {children}
      </Box>
    </div>
  );
}

function PreviousSecret({
  prefix,
  until,
  revokedAt,
}: {
  prefix: string;
  until: string | null | undefined;
  revokedAt: string | null | undefined;
}) {
  // Revoking ends the overlap too: neither secret works after it.
  const end = revokedAt && (!until || revokedAt < until) ? revokedAt : until;
  const stillWorks = end ? new Date(end).getTime() > Date.now() : false;
  return (
    <Text size="xs" c={stillWorks ? undefined : "dimmed"}>
      Replaced{" "}
      <Text span ff="monospace" size="xs">
        {prefix}…
      </Text>
      {end
        ? stillWorks
          ? `, which still works until ${formatDateTime(end)} (${fromNow(end)}).`
          : end === revokedAt
            ? ", which stopped working when the key was revoked."
            : `, which stopped working ${formatDateTime(end)}.`
        : "."}
    </Text>
  );
}
