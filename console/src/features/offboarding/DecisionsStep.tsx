import { Alert, Button, Group, SimpleGrid, Stack, Text, Textarea, Title } from "@mantine/core";
import { HolderPicker } from "../../components/HolderPicker.js";
import { DecisionsTable } from "./DecisionsTable.js";
import { countActions, type Plan, suggestedDefault, suggestedHolder } from "./decisions.js";
import { plural } from "./plural.js";
import type { Choices } from "./use-choices.js";

interface Props {
  plan: Plan;
  choices: Choices & { overrides: NonNullable<Choices["overrides"]> };
  onBack: () => void;
  onDryRun: () => void;
}

/**
 * Step 3: a default holder (the plan's suggested successor preselected) for every key, per key a
 * different holder or revocation where the operator wants one, and a reason.
 */
export function DecisionsStep({ plan, choices, onBack, onDryRun }: Props) {
  const { overrides, form, needed } = choices;
  const counts = countActions(plan.keyCount, overrides);
  const defaultTarget = form.values.defaultTarget;
  const inactive = plan.keyCount - plan.activeKeyCount;
  const keeper = suggestedHolder(plan.inactiveKeySuggestion);
  // Inactive keys work nowhere: whoever holds them, no service changes; the plan may still suggest another keeper.
  const suggested = overrides.size === 0 && defaultTarget?.id === suggestedDefault(plan)?.id;
  const otherKeeper = inactive > 0 && keeper !== null && defaultTarget !== null && keeper.id !== defaultTarget.id;

  return (
    <Stack gap="lg">
      <div>
        <Title order={2} size="h3">
          Decide what happens to each key
        </Title>
        <Text size="sm" c="dimmed" aria-live="polite">
          {plural(plan.keyCount, "key")}: {counts.reassign.toLocaleString("en")} to reassign,{" "}
          {counts.revoke.toLocaleString("en")} to revoke;{" "}
          {needed === 0 ? "none goes" : needed === 1 ? "1 goes" : `${needed.toLocaleString("en")} go`} to the default
          holder, {plural(overrides.size, "key")} with a decision of your own. Reassigned keys keep working where they
          work today: their new holder becomes a Billing collaborator there.
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <HolderPicker
          label="Default holder and custodian"
          description="Gets every key without a holder of its own, and keeps revoked keys (a key always has a holder). The plan's suggested successor is preselected; a group email outlives any one person."
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
      {otherKeeper && (
        <Alert color="gray">
          The plan suggests {keeper.email} to keep the {plural(inactive, "revoked or expired key")}; they work nowhere,
          so with the default holder they still work nowhere. Pick {keeper.email} per key below to follow it.
        </Alert>
      )}
      {plan.keyCount > 0 && (
        <div>
          <Group justify="flex-end" mb="xs">
            <Button variant="subtle" size="xs" disabled={suggested} onClick={choices.reset}>
              Back to the suggestions
            </Button>
          </Group>
          <DecisionsTable
            plan={plan}
            overrides={overrides}
            onDecide={choices.decide}
            defaultTarget={defaultTarget}
            revision={choices.revision}
          />
        </div>
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
