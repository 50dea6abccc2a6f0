import { useForm } from "@mantine/form";
import { useCallback, useEffect, useState } from "react";
import type { PickedHolder } from "../../components/HolderPicker.js";
import {
  type Decision,
  keysNeedingDefault,
  type Overrides,
  type Plan,
  type PlannedKey,
  suggestedDefault,
  withDecision,
} from "./decisions.js";

const NONE: Overrides = new Map();

/**
 * The operator's choices for one leaver: the default holder (the plan's suggested successor at
 * first), which takes every key they do not decide on one by one, their own decisions for the keys
 * they changed, and a reason. The default holder is required only when some key goes to it, as the
 * API requires.
 */
export function useChoices(plan: Plan | undefined) {
  // Null until the plan has arrived and seeded the default holder.
  const [overrides, setOverrides] = useState<Overrides | null>(null);
  const [revision, setRevision] = useState(0);
  // Bumped by every change, so a dry run of older choices is never confirmed as if it were current.
  const [version, setVersion] = useState(0);
  const needed = keysNeedingDefault(plan?.keyCount ?? 0, overrides ?? NONE);
  const form = useForm({
    initialValues: { defaultTarget: null as PickedHolder | null, reason: "" },
    onValuesChange: () => setVersion((v) => v + 1),
    validate: {
      defaultTarget: (value) =>
        needed > 0 && !value
          ? `Choose a default holder: ${needed === 1 ? "1 key goes" : `${needed.toLocaleString("en")} keys go`} to it (revoked keys and keys without a holder of their own).`
          : null,
      reason: (value) => (value.trim().length > 1000 ? "At most 1,000 characters" : null),
    },
  });
  const { setFieldValue } = form;
  useEffect(() => {
    if (!plan || overrides) return;
    setFieldValue("defaultTarget", suggestedDefault(plan));
    setOverrides(NONE);
    setVersion((v) => v + 1);
  }, [plan, overrides, setFieldValue]);

  /** One key's decision, from its own row (stable, so unchanged rows do not re-render). */
  const decide = useCallback((key: PlannedKey, decision: Decision) => {
    setOverrides((current) => withDecision(current ?? NONE, key, decision));
    setVersion((v) => v + 1);
  }, []);
  /** Back to the plan's suggestions: the suggested default holder, no decision of the operator's own. */
  const reset = useCallback(() => {
    if (plan) setFieldValue("defaultTarget", suggestedDefault(plan));
    setOverrides(NONE);
    setRevision((r) => r + 1);
    setVersion((v) => v + 1);
  }, [plan, setFieldValue]);

  return {
    overrides,
    form,
    needed,
    revision,
    version,
    decide,
    reset,
  };
}

export type Choices = ReturnType<typeof useChoices>;
