import { List, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { roleLabel } from "../services/RoleBadge.js";
import { KeyGroupsTable } from "./KeyGroupsTable.js";
import { plural } from "./plural.js";
import { type OffboardResult, splitKeys } from "./result.js";
import { Stat } from "./Stat.js";

/**
 * What an offboarding does (dry run) or did: the keys by group of one fate, each with its count
 * and services before and after, and everything else that changes. Headings start at h3: the step
 * has the h2.
 */
export function OffboardingSummary({ result }: { result: OffboardResult }) {
  const { reassigned, revoked, counts } = splitKeys(result);
  const billingRoles = result.billingAdded.reduce((n, b) => n + b.services.length, 0);
  const linkKeys = !result.dryRun;
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }}>
        <Stat label="Keys reassigned" value={counts.reassigned} />
        <Stat label="Keys revoked" value={counts.revoked} />
        <Stat label="Billing roles added" value={billingRoles} />
        <Stat label="Collaborations removed" value={result.collaborationsRemoved.length} />
        <Stat label="Groups left" value={result.groupsLeft.length} />
        <Stat label="Sessions ended" value={result.sessionsEnded} />
        <Stat label="Tokens revoked" value={result.tokensRevoked} />
      </SimpleGrid>

      <KeysSection
        kind="reassigned"
        title="Reassigned keys"
        count={counts.reassigned}
        groups={reassigned}
        linkKeys={linkKeys}
      />
      <KeysSection kind="revoked" title="Revoked keys" count={counts.revoked} groups={revoked} linkKeys={linkKeys} />

      <section aria-labelledby="summary-other">
        <Title order={3} size="h4" id="summary-other" mb="xs">
          Everything else
        </Title>
        <List size="sm" spacing={4}>
          {result.billingAdded.map((b) => (
            <List.Item key={b.holderEmail}>
              {b.holderEmail} becomes a Billing collaborator on {b.services.map((s) => s.slug).join(", ")}, so the keys
              it takes over keep working there.
            </List.Item>
          ))}
          {result.otherKeysGaining.length > 0 && (
            <List.Item>
              Keys the new holders already held work on more services, as you allowed:
              <List size="sm" withPadding aria-label="Other keys that gain services">
                {result.otherKeysGaining.map((k) => (
                  <List.Item key={k.keyId}>
                    <b>{k.name}</b> ({k.prefix}…) of {k.holderEmail}: also on {k.gained.map((s) => s.slug).join(", ")}
                  </List.Item>
                ))}
              </List>
            </List.Item>
          )}
          <List.Item>
            {result.collaborationsRemoved.length === 0
              ? "No collaboration to remove."
              : `Collaborations removed: ${result.collaborationsRemoved.map((c) => `${c.service?.slug ?? "a renamed service"} (${roleLabel(c.role)})`).join(", ")}.`}
          </List.Item>
          <List.Item>
            {result.groupsLeft.length === 0
              ? "No group email membership to end."
              : `Leaves the group emails ${result.groupsLeft.join(", ")}.`}
          </List.Item>
          <List.Item>
            {result.email} is marked departed; {plural(result.sessionsEnded, "console session")} ended and{" "}
            {plural(result.tokensRevoked, "access token")} revoked.
          </List.Item>
        </List>
        {result.keyGroups.length === 0 && (
          <Text size="sm" c="dimmed" mt="xs">
            They held no keys.
          </Text>
        )}
      </section>
    </Stack>
  );
}

/** One kind of the offboarded keys under its heading, with their count; nothing when there are none. */
function KeysSection({
  kind,
  title,
  count,
  groups,
  linkKeys,
}: { title: string; count: number } & Parameters<typeof KeyGroupsTable>[0]) {
  if (groups.length === 0) return null;
  return (
    <section aria-labelledby={`summary-${kind}`}>
      <Title order={3} size="h4" id={`summary-${kind}`} mb="xs">
        {title} ({count.toLocaleString("en")})
      </Title>
      <KeyGroupsTable kind={kind} groups={groups} linkKeys={linkKeys} />
    </section>
  );
}
