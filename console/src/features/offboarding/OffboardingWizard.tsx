import { OffboardingPlanSummaryQuery } from "@keyholder/graphql";
import { Button, Stack } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useRef } from "react";
import { useQuery } from "urql";
import { applyServerErrors } from "../../components/form-errors.js";
import type { PickedHolder } from "../../components/HolderPicker.js";
import { QueryState, queryProps } from "../../components/QueryState.js";
import { DecisionsStep } from "./DecisionsStep.js";
import { DepartedNotice } from "./DepartedNotice.js";
import { buildInput, PLAN_KEYS_PAGE } from "./decisions.js";
import { ImpactStep } from "./ImpactStep.js";
import { ResultStep } from "./ResultStep.js";
import { ReviewStep } from "./ReviewStep.js";
import { STEPS, type Step, stepIndex } from "./steps.js";
import { useChoices } from "./use-choices.js";
import { useOffboardFlow } from "./use-offboard-flow.js";
import { useStepFocus } from "./use-step-focus.js";
import { WizardStepper } from "./WizardStepper.js";

interface Props {
  userId: string;
  step: Step;
  goto: (step: Step, replace?: boolean) => void;
  /** Back to picking a user. */
  restart: () => void;
}

/** Steps 2 to 5 for one leaver: the choices and runs live here, the step in the URL. */
export function OffboardingWizard({ userId, step, goto, restart }: Props) {
  const [planResult, refetchPlan] = useQuery({
    query: OffboardingPlanSummaryQuery,
    variables: { userId, first: PLAN_KEYS_PAGE },
  });
  const plan = planResult.data?.offboardingPlan;
  const choices = useChoices(plan);
  const flow = useOffboardFlow();
  // A dry run of choices that have changed since is not the plan being confirmed any more.
  const review = flow.review?.of === choices.version ? flow.review : null;
  // Steps that need what only this page knows (after a reload) fall back to the last one they can show.
  const shown: Step = step === "done" && !flow.result ? "impact" : step === "review" && !review ? "decide" : step;
  useEffect(() => {
    if (shown !== step) goto(shown, true);
  }, [shown, step, goto]);
  const content = useRef<HTMLDivElement>(null);
  useStepFocus(content, shown, plan !== undefined && choices.overrides !== null);

  const submitDecisions = choices.form.onSubmit(async (values) => {
    if (!plan || !choices.overrides) return;
    const input = buildInput({
      userId: plan.user.id,
      overrides: choices.overrides,
      defaultTarget: values.defaultTarget,
      reason: values.reason,
      allowWiderAccess: false,
    });
    // The review exists before the URL says so, or the step would fall back to the decisions.
    const running = flow.dryRun(input, choices.version);
    goto("review");
    const outcome = await running;
    if (!outcome.ok) {
      // Field errors also wait beside their inputs for when the operator goes back to fix them.
      const fieldErrors = outcome.errors
        .filter((e) => e.code !== "ACCESS_WOULD_WIDEN")
        .map((e) => (e.field === "defaultTargetId" ? { ...e, field: "defaultTarget" } : e));
      applyServerErrors(choices.form, fieldErrors);
    }
  });

  // A user who departed outside Keyholder still goes through the steps while anything is left.
  const departed = plan?.finished === true && !flow.result;
  const onStep =
    departed || flow.result
      ? undefined
      : (index: number) => (index === 0 ? restart() : goto(STEPS[index - 1] ?? "impact"));

  return (
    <>
      <WizardStepper active={departed ? 1 : stepIndex(shown)} onStep={onStep} />
      <QueryState {...queryProps(planResult, refetchPlan)} hasData={plan !== undefined && choices.overrides !== null}>
        {plan && choices.overrides && (
          <div ref={content}>
            {departed && <DepartedNotice user={plan.user} onAnother={restart} />}
            {!departed && shown === "impact" && (
              <ImpactStep plan={plan} onBack={restart} onNext={() => goto("decide")} />
            )}
            {!departed && shown === "decide" && (
              <DecisionsStep
                plan={plan}
                choices={{ ...choices, overrides: choices.overrides }}
                onBack={() => goto("impact")}
                onDryRun={() => submitDecisions()}
              />
            )}
            {!departed && shown === "review" && review && (
              <ReviewStep
                review={review}
                flow={flow}
                keyCount={plan.keyCount}
                alreadyDeparted={plan.user.status === "DEPARTED"}
                onBack={() => goto("decide")}
                onRetry={(allowWiderAccess) => flow.dryRun({ ...review.input, allowWiderAccess }, review.of)}
                onApplied={() => {
                  notifications.show({
                    color: "teal",
                    title: "Offboarded",
                    message: `${plan.user.email} has departed; their keys have new holders.`,
                  });
                  goto("done");
                }}
              />
            )}
            {shown === "done" && flow.result && (
              <ResultStep result={flow.result} holders={chosenHolders(choices)} onAnother={restart} />
            )}
          </div>
        )}
      </QueryState>
      {planResult.error && (
        <Stack align="flex-start" mt="sm">
          <Button variant="default" onClick={restart}>
            Choose another user
          </Button>
        </Stack>
      )}
    </>
  );
}

function chosenHolders(choices: ReturnType<typeof useChoices>): PickedHolder[] {
  const holders = [...(choices.overrides?.values() ?? [])].flatMap((d) => (d.to ? [d.to] : []));
  const fallback = choices.form.values.defaultTarget;
  return fallback ? [fallback, ...holders] : holders;
}
