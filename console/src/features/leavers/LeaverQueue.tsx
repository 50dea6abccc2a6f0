import { Anchor, Badge, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "urql";
import { formatTimestamp, fromNow } from "../../components/format.js";
import { plural } from "../../components/plural.js";
import { QueryError } from "../../components/QueryState.js";
import { LeaverCasesQuery } from "./leavers.graphql.js";

/** How many open cases the queue lists; the API allows up to 200. */
export const QUEUE_SIZE = 50;
/** Lines of "what would break" shown per case before the rest are counted. */
const BREAKS_SHOWN = 3;

/**
 * The users the identity provider deactivated, oldest case first: when and by whom, their keys
 * (and how many have no suggested successor), and what their offboarding would break. Each opens
 * the offboarding wizard for that user. Shows nothing while no one is waiting.
 */
export function LeaverQueue({ onPick }: { onPick: (userId: string) => void }) {
  const [result, refetch] = useQuery({ query: LeaverCasesQuery, variables: { first: QUEUE_SIZE } });
  if (result.error && !result.data) {
    return <QueryError error={result.error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  }
  const cases = result.data?.leaverCases ?? [];
  if (!cases.length) return null;
  return (
    <Stack gap="sm" mb="xl" component="section" aria-labelledby="leaver-queue">
      <Title order={2} size="h3" id="leaver-queue">
        Leavers waiting ({cases.length})
      </Title>
      <Text size="sm" c="dimmed">
        The identity provider deactivated these people. Their keys still work: plan each offboarding, oldest first.
      </Text>
      <Stack component="ol" gap="xs" m={0} p={0} style={{ listStyle: "none" }}>
        {cases.map((c) => {
          const { keyCount, activeKeyCount, activeKeySuggestion, inactiveKeySuggestion } = c.plan;
          // Every active key shares one suggestion, every inactive key the other.
          const unsuggested =
            (activeKeySuggestion.suggestedHolderId ? 0 : activeKeyCount) +
            (inactiveKeySuggestion.suggestedHolderId ? 0 : keyCount - activeKeyCount);
          const breaks = c.plan.wouldBreakSummary;
          return (
            <Card component="li" key={c.id} withBorder padding="sm" aria-label={`Leaver ${c.user.email}`}>
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <Stack gap={2}>
                  <Anchor
                    component="button"
                    type="button"
                    fw={600}
                    onClick={() => onPick(c.user.id)}
                    aria-label={`Plan the offboarding of ${c.user.email}`}
                  >
                    {c.user.name} ({c.user.email})
                  </Anchor>
                  <Text size="xs" c="dimmed" title={formatTimestamp(c.openedAt)}>
                    Deactivated {fromNow(c.openedAt)} by {c.openedBy}
                  </Text>
                </Stack>
                <Group gap="xs" wrap="nowrap">
                  <Badge variant="light" color="gray">
                    {plural(keyCount, "key")}
                  </Badge>
                  {unsuggested > 0 && (
                    <Badge variant="light" color="orange">
                      {unsuggested.toLocaleString("en")} without a successor
                    </Badge>
                  )}
                </Group>
              </Group>
              {breaks.length ? (
                <Stack component="ul" gap={2} mt="xs" pl="md" m={0}>
                  {breaks.slice(0, BREAKS_SHOWN).map((line) => (
                    <Text component="li" size="xs" key={line}>
                      {line}
                    </Text>
                  ))}
                  {breaks.length > BREAKS_SHOWN && (
                    <Text component="li" size="xs" c="dimmed">
                      and {breaks.length - BREAKS_SHOWN} more
                    </Text>
                  )}
                </Stack>
              ) : (
                <Text size="xs" mt="xs" c="dimmed">
                  Nothing would break.
                </Text>
              )}
            </Card>
          );
        })}
      </Stack>
    </Stack>
  );
}
