import { Alert, Anchor, Badge, Button, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconAlertTriangle, IconCircleCheck, IconUserOff } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link } from "wouter";
import { DataTable } from "../../components/DataTable.js";
import { formatDateTime } from "../../components/format.js";
import { plural } from "../../components/plural.js";
import { urls } from "../../urls.js";
import { roleLabel } from "../services/RoleBadge.js";
import type { KeySuggestion, Plan } from "./decisions.js";
import { PlannedKeysTable } from "./PlannedKeysTable.js";
import { ServiceSlugs } from "./ServiceSlugs.js";
import { Stat } from "./Stat.js";
import { SuggestedHolder } from "./SuggestedHolder.js";

const BREAKS_SHOWN = 8;
const COLLABORATIONS_SHOWN = 12;

/**
 * The first `limit` of a long list, or all of it once asked, and the button that switches
 * between the two (none when everything fits).
 */
function useShowAll<T>(items: readonly T[], limit: number) {
  const [all, { toggle }] = useDisclosure(false);
  return {
    shown: all ? items : items.slice(0, limit),
    toggle: items.length > limit && (
      <Button variant="subtle" size="xs" mt="xs" onClick={toggle}>
        {all ? "Show fewer" : `Show all ${items.length}`}
      </Button>
    ),
  };
}

/** Step 2: everything offboarding this user touches, and what breaks if nothing is done. */
export function ImpactStep({ plan, onBack, onNext }: { plan: Plan; onBack: () => void; onNext: () => void }) {
  const breaks = useShowAll(plan.wouldBreakSummary, BREAKS_SHOWN);
  const collaborations = useShowAll(plan.collaborations, COLLABORATIONS_SHOWN);
  const inactive = plan.keyCount - plan.activeKeyCount;
  const soleBilling = plan.collaborations.filter((c) => c.soleBilling).length;
  return (
    <Stack gap="lg">
      <div>
        <Title order={2} size="h3">
          What offboarding {plan.user.name} touches
        </Title>
        <Text size="sm" c="dimmed">
          <Anchor component={Link} href={urls.holder(plan.user.id)} size="sm" underline="always">
            {plan.user.email}
          </Anchor>{" "}
          · nothing has changed yet.
        </Text>
      </div>
      {plan.user.status === "DEPARTED" && (
        <Alert color="gray" icon={<IconUserOff aria-hidden />}>
          {plan.user.email} has already departed
          {plan.user.departedAt ? ` (on ${formatDateTime(plan.user.departedAt)})` : ""}, yet still holds what is listed
          below. Offboarding finishes the job; their departure date stays as it is.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Stat
          label="Keys"
          value={plan.keyCount.toLocaleString("en")}
          detail={`${plan.activeKeyCount.toLocaleString("en")} active`}
        />
        <Stat label="Collaborations" value={plan.collaborations.length} detail={`${soleBilling} as sole Billing`} />
        <Stat label="Groups losing their last member" value={plan.lastActiveMemberOf.length} />
        <Stat
          label="Keys that would stop working"
          value={(plan.activeKeysWorkOn.length ? plan.activeKeyCount : 0).toLocaleString("en")}
        />
      </SimpleGrid>

      <section aria-labelledby="would-break">
        <Title order={3} size="h4" id="would-break" mb="xs">
          What would break if nothing were done
        </Title>
        {plan.wouldBreakSummary.length === 0 ? (
          <Alert color="teal" icon={<IconCircleCheck aria-hidden />}>
            Nothing: no key of theirs works anywhere, and no service or group depends on them alone.
          </Alert>
        ) : (
          <Alert color="orange" icon={<IconAlertTriangle aria-hidden />}>
            <List size="sm" spacing={4}>
              {breaks.shown.map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
            {breaks.toggle}
          </Alert>
        )}
      </section>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <section aria-labelledby="collaborations">
          <Title order={3} size="h4" id="collaborations" mb="xs">
            Collaborations ({plan.collaborations.length})
          </Title>
          {plan.collaborations.length === 0 ? (
            <Text size="sm" c="dimmed">
              None.
            </Text>
          ) : (
            <DataTable
              aria-label="The leaver's collaborations"
              verticalSpacing={4}
              columns={["Service", "Role", "Risk"]}
              rows={collaborations.shown}
              rowKey={(c) => `${c.service.id}:${c.role}`}
            >
              {(c) => (
                <>
                  <Table.Td>{c.service.slug}</Table.Td>
                  <Table.Td>{roleLabel(c.role)}</Table.Td>
                  <Table.Td>
                    {c.soleBilling ? (
                      <Badge color="red" variant="light">
                        sole Billing
                      </Badge>
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                </>
              )}
            </DataTable>
          )}
          {collaborations.toggle}
        </section>
        <section aria-labelledby="last-member">
          <Title order={3} size="h4" id="last-member" mb="xs">
            Group emails they are the last active member of
          </Title>
          {plan.lastActiveMemberOf.length === 0 ? (
            <Text size="sm" c="dimmed">
              None.
            </Text>
          ) : (
            <List size="sm">
              {plan.lastActiveMemberOf.map((email) => (
                <List.Item key={email}>{email}</List.Item>
              ))}
            </List>
          )}
        </section>
      </SimpleGrid>

      <section aria-labelledby="successors">
        <Title order={3} size="h4" id="successors" mb="xs">
          Where the keys work and who could take them over
        </Title>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Suggestion
            title={`The ${plural(plan.activeKeyCount, "active key")}`}
            works={<ServiceSlugs slugs={plan.activeKeysWorkOn.map((s) => s.slug)} />}
            suggestion={plan.activeKeySuggestion}
            shown={plan.activeKeyCount > 0}
          />
          <Suggestion
            title={`The ${plural(inactive, "revoked or expired key")}`}
            works={<Text size="sm">nowhere</Text>}
            suggestion={plan.inactiveKeySuggestion}
            shown={inactive > 0}
          />
        </SimpleGrid>
      </section>

      <section aria-labelledby="planned-keys">
        <Title order={3} size="h4" id="planned-keys" mb="xs">
          Keys ({plan.keyCount.toLocaleString("en")})
        </Title>
        <PlannedKeysTable plan={plan} />
      </section>

      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          Choose another user
        </Button>
        <Button onClick={onNext}>Next: decide per key</Button>
      </Group>
    </Stack>
  );
}

/** One line of a suggestion: a dimmed label, then what it names. */
function Labelled({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap" align="baseline">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {children}
    </Group>
  );
}

/** Where one kind of key works and the successor the plan suggests for all of them, with why. */
function Suggestion(props: { title: string; works: ReactNode; suggestion: KeySuggestion; shown: boolean }) {
  const { title, works, suggestion, shown } = props;
  if (!shown) return null;
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label={title}>
      <Text fw={600} size="sm">
        {title}
      </Text>
      <Labelled label="Services:">{works}</Labelled>
      <Labelled label="Suggested:">
        <SuggestedHolder id={suggestion.suggestedHolderId} email={suggestion.suggestedHolderEmail} />
      </Labelled>
      <Text size="xs" c="dimmed" mt={4}>
        {suggestion.suggestion}
      </Text>
    </Paper>
  );
}
