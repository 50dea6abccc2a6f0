import { Anchor, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "urql";
import { Link } from "wouter";
import { plural } from "../../components/plural.js";
import { urls } from "../../urls.js";
import { Can } from "../auth/Can.js";
import { OpenLeaverCaseCountQuery } from "./leavers.graphql.js";

/**
 * "Leavers waiting": how many people the identity provider deactivated whose offboarding nobody
 * has done yet, with the way to the queue. Shown only while someone is waiting.
 */
export function LeaversCard() {
  const [result] = useQuery({ query: OpenLeaverCaseCountQuery });
  const count = result.data?.openLeaverCaseCount ?? 0;
  if (count === 0) return null;
  return (
    <Card
      withBorder
      component="section"
      aria-labelledby="leavers-waiting"
      padding="md"
      mb="md"
      style={{ borderLeft: "4px solid var(--mantine-color-orange-6)" }}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={2}>
          <Title order={2} size="h5" id="leavers-waiting">
            Leavers waiting
          </Title>
          <Text size="sm" c="dimmed">
            {plural(count, "person", "people")} deactivated by the identity provider still{" "}
            {count === 1 ? "holds" : "hold"} keys and roles until offboarded.
          </Text>
        </Stack>
        <Text fz={28} fw={700} lh={1} c="orange.7" data-testid="leavers-waiting-count">
          {count}
        </Text>
      </Group>
      <Can atLeast="OPERATOR">
        <Anchor component={Link} href={urls.offboarding()} size="sm" fw={500} mt="sm" display="inline-block">
          Open the offboarding queue
        </Anchor>
      </Can>
    </Card>
  );
}
