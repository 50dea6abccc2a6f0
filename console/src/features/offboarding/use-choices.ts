import { useForm } from "@mantine/form";
import { useCallback, useEffect, useState } from "react";
import type { PickedHolder } from "../../components/HolderPicker.js";
import {
  type Decision,
  type Decisions,
  keysNeedingDefault,
  mostSuggested,
  type Plan,
  suggestedDecisions,
} from "./decisions.js";

/**
 * The operator's choices for one leaver: a decision per key (the plan's suggestions at first), the
 * default holder (the successor suggested most often) and a reason. The default holder is
 * required only when some key goes to it, as the API requires.
 */
export function useChoices(plan: Plan | undefined) {
  // Null until the plan has arrived and seeded the suggestions.
  const [decisions, setDecisions] = useState<Decisions | null>(null);
  const [revision, setRevision] = useState(0);
  // Bumped by every change, so a dry run of older choices is never confirmed as if it were current.
  const [version, setVersion] = useState(0);
  const needed = keysNeedingDefault(plan?.keys ?? [], decisions ?? new Map());
  const form = useForm({
    initialValues: { defaultTarget: null as PickedHolder | null, reason: "" },
    onValuesChange: () => setVersion((v) => v + 1),
    validate: {
      defaultTarget: (value) =>
        needed > 0 && !value
          ? `Choose a default holder: ${needed === 1 ? "1 key goes" : `${needed} keys go`} to it (revoked keys and keys without a holder of their own).`
          : null,
      reason: (value) => (value.trim().length > 1000 ? "At most 1,000 characters" : null),
    },
  });
  const { setFieldValue } = form;
  useEffect(() => {
    if (!plan || decisions) return;
    setFieldValue("defaultTarget", mostSuggested(plan.keys));
    setDecisions(suggestedDecisions(plan.keys));
    setVersion((v) => v + 1);
  }, [plan, decisions, setFieldValue]);

  /** One key's decision, from its own row (stable, so unchanged rows do not re-render). */
  const decide = useCallback((keyId: string, decision: Decision) => {
    setDecisions((current) => new Map(current).set(keyId, decision));
    setVersion((v) => v + 1);
  }, []);
  /** Decisions rewritten in bulk: the rows' pickers are rebuilt to show them. */
  const replace = useCallback((next: Decisions) => {
    setDecisions(next);
    setRevision((r) => r + 1);
    setVersion((v) => v + 1);
  }, []);

  return {
    decisions,
    form,
    needed,
    revision,
    version,
    decide,
    replace,
  };
}

export type Choices = ReturnType<typeof useChoices>;
