import { Alert } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { useCallback } from "react";
import { PageHeader } from "../../components/PageHeader.js";
import { useUrlState } from "../../components/url-state.js";
import { useSession } from "../auth/session.js";
import { LeaverQueue } from "../leavers/LeaverQueue.js";
import { OffboardingWizard } from "./OffboardingWizard.js";
import { PickUserStep } from "./PickUserStep.js";
import { type Step, stepFromUrl } from "./steps.js";
import { WizardStepper } from "./WizardStepper.js";

// Lists on the steps keep their own page numbers; a new step starts them again.
const PAGES = { page: null, reassignedPage: null, revokedPage: null };

/**
 * Offboards a leaver without breaking production: impact, decisions per key, dry run, confirm,
 * result. `/offboarding?user=<id>` (linked from a holder's page) opens the impact for that user;
 * without one, the leavers the identity provider deactivated wait in a queue above the picker.
 */
export default function OffboardingPage() {
  const { can } = useSession();
  const { get, set } = useUrlState();
  const userId = get("user");
  const step = stepFromUrl(get);
  const goto = useCallback((next: Step, replace = false) => set({ step: next, ...PAGES }, { replace }), [set]);
  const pick = useCallback((id: string | null) => set({ user: id, step: null, ...PAGES }), [set]);
  const header = (
    <PageHeader
      title="Offboarding"
      description="When someone leaves, nothing in production breaks and no key stays with them."
    />
  );

  if (!can("OPERATOR")) {
    return (
      <>
        {header}
        <Alert color="gray" icon={<IconLock aria-hidden />} title="You need the Operator role">
          Offboarding changes who holds keys, so it needs the Operator role or higher. Ask an Admin if you should have
          it.
        </Alert>
      </>
    );
  }
  return (
    <>
      {header}
      {userId ? (
        <OffboardingWizard key={userId} userId={userId} step={step} goto={goto} restart={() => pick(null)} />
      ) : (
        <>
          <LeaverQueue onPick={pick} />
          <WizardStepper active={0} />
          <PickUserStep onPick={pick} />
        </>
      )}
    </>
  );
}
