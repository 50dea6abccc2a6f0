import { Button, Group, SimpleGrid, Stack, Text, Textarea, Title } from "@mantine/core";
import { HolderPicker } from "../../components/HolderPicker.js";
import { useUrlState } from "../../components/url-state.js";
import { BulkControls } from "./BulkControls.js";
import { DecisionsTable } from "./DecisionsTable.js";
import { applyToKeys, countActions, type Plan, suggestedDecisions } from "./decisions.js";
import { KeyFilters } from "./KeyFilters.js";
import { filterKeys, isFiltered, keyFilterFromUrl } from "./key-filter.js";
import { useLocalPage } from "./local-page.js";
import { plural } from "./plural.js";
import type { Choices } from "./use-choices.js";

// Rows hold a picker each: a shorter page keeps the table quick.
const PAGE_SIZE = 25;

interface Props {
  plan: Plan;
  choices: Choices & { decisions: NonNullable<Choices["decisions"]> };
  onBack: () => void;
  onDryRun: () => void;
}

/** Step 3: per key, reassign (the suggestion preselected) or revoke; a default holder; a reason. */
export function DecisionsStep({ plan, choices, onBack, onDryRun }: Props) {
  const { get } = useUrlState();
  const { decisions, form, needed } = choices;
  const filter = keyFilterFromUrl(get);
  const shown = filterKeys(plan.keys, filter, decisions);
  const page = useLocalPage(shown, PAGE_SIZE);
  const counts = countActions(plan.keys, decisions);
  const inactive = plan.keys.filter((k) => !k.active);
  const defaultTarget = form.values.defaultTarget;

  return (
    <Stack gap="lg">
      <div>
        <Title order={2} size="h3">
          Decide what happens to each key
        </Title>
        <Text size="sm" c="dimmed" aria-live="polite">
          {plural(plan.keys.length, "key")}: {counts.reassign} to reassign, {counts.revoke} to revoke;{" "}
          {needed === 0 ? "none goes" : needed === 1 ? "1 goes" : `${needed} go`} to the default holder. Reassigned keys
          keep working where they work today: their new holder becomes a Billing collaborator there.
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <HolderPicker
          label="Default holder and custodian"
          description="Gets every key without a holder of its own, and keeps revoked keys (a key always has a holder). A group email outlives any one person."
          required={needed > 0}
          exclude={[plan.user.id]}
          value={defaultTarget}
          onChange={(holder) => form.setFieldValue("defaultTarget", holder)}
          error={form.errors.defaultTarget}
        />
        <Textarea
          label="Reason"
          description="Kept in the audit trail with every change, e.g. the HR ticket."
          placeholder="Left the agency on 30 June (HR-1234)"
          rows={2}
          {...form.getInputProps("reason")}
        />
      </SimpleGrid>
      {plan.keys.length > 0 && (
        <>
          <BulkControls
            shown={shown}
            filtered={isFiltered(filter)}
            inactive={inactive.length}
            leaverId={plan.user.id}
            onReassignAll={(to) => choices.replace(applyToKeys(decisions, shown, { action: "REASSIGN", to }))}
            onRevokeInactive={() => choices.replace(applyToKeys(decisions, inactive, { action: "REVOKE", to: null }))}
            onReset={() => choices.replace(suggestedDecisions(plan.keys))}
          />
          <div>
            <KeyFilters withAction />
            <DecisionsTable
              page={page}
              decisions={decisions}
              onDecide={choices.decide}
              leaverId={plan.user.id}
              defaultTarget={defaultTarget}
              filtered={isFiltered(filter)}
              revision={choices.revision}
            />
          </div>
        </>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          Back to the impact
        </Button>
        <Button onClick={onDryRun}>Dry run</Button>
      </Group>
    </Stack>
  );
}
