import { Stepper } from "@mantine/core";

const LABELS = [
  { label: "Leaver", description: "Pick a user" },
  { label: "Impact", description: "What would break" },
  { label: "Decisions", description: "Reassign or revoke" },
  { label: "Dry run", description: "Check, then confirm" },
  { label: "Result", description: "What changed" },
];

/**
 * Where the operator is in the wizard. Earlier steps can be revisited until the offboarding is
 * done; after that only the result remains meaningful.
 */
export function WizardStepper({ active, onStep }: { active: number; onStep?: (index: number) => void }) {
  const done = active === LABELS.length - 1;
  return (
    <Stepper active={active} onStepClick={onStep} size="sm" mb="xl" aria-label="Offboarding steps">
      {LABELS.map((step, index) => (
        <Stepper.Step
          key={step.label}
          label={step.label}
          description={step.description}
          allowStepSelect={!done && index < active && onStep !== undefined}
          aria-current={index === active ? "step" : undefined}
        />
      ))}
    </Stepper>
  );
}
