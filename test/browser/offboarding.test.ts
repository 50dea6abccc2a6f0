import { describe, expect, it } from "vitest";
import { apiAs, expectAccessible, screenshot, useConsole } from "./support.js";

interface PlannedKey {
  keyId: string;
  active: boolean;
  worksOn: string[];
  suggestedHolderId: string | null;
}

describe("offboarding a leaver through the wizard", () => {
  const kh = useConsole();

  it("moves every key to its suggested group, which still works on the same services", async () => {
    const { context, page } = await kh.signedIn("operator");
    const gql = apiAs(kh.base, context);

    // A demo leaver whose keys are all active and work somewhere. Every demo group already holds
    // keys of its own, which a Billing role carried over would widen, so the team first sets up a
    // hand-over group that is Billing on exactly the leaver's services: the plan suggests it (or
    // another group as exact), and the wizard's preselected decisions go through as they are.
    const users = await gql(
      "{ users(first: 100, filter: { status: ACTIVE }) { nodes { id email keys(first: 0) { totalCount } } } }",
    );
    const planOf = async (id: string) =>
      (
        await gql(
          "query($id: ID!) { offboardingPlan(userId: $id) { keys { keyId active worksOn { slug } suggestedHolderId } } }",
          { id },
        )
      ).offboardingPlan.keys.map((k: Omit<PlannedKey, "worksOn"> & { worksOn: { slug: string }[] }) => ({
        ...k,
        worksOn: k.worksOn.map((s) => s.slug),
      })) as PlannedKey[];
    let leaver: { id: string; email: string; keys: PlannedKey[] } | undefined;
    for (const user of users.users.nodes) {
      if (user.keys.totalCount === 0 || user.email.startsWith("console-")) continue;
      const keys = await planOf(user.id);
      if (!keys.every((k) => k.active && k.worksOn.length > 0)) continue;
      const { createGroupEmail } = await gql(
        "mutation($i: CreateGroupEmailInput!) { createGroupEmail(input: $i) { groupEmail { id } errors { code } } }",
        { i: { email: `handover-${user.email.split("@")[0]}@transport.gov.example`, name: "Hand-over" } },
      );
      const { services } = await gql("{ services(first: 100) { nodes { id slug } } }");
      for (const slug of keys[0]?.worksOn ?? []) {
        const service = services.nodes.find((s: { slug: string }) => s.slug === slug);
        await gql("mutation($i: AddCollaboratorInput!) { addCollaborator(input: $i) { errors { code } } }", {
          i: { serviceId: service.id, holderId: createGroupEmail.groupEmail.id, role: "BILLING" },
        });
      }
      const planned = await planOf(user.id);
      if (!planned.every((k) => k.suggestedHolderId)) continue;
      const dry = await gql(
        `mutation($input: OffboardUserInput!) { offboardUser(input: $input) { errors { code } } }`,
        {
          input: {
            userId: user.id,
            dryRun: true,
            decisions: planned.map((k) => ({ keyId: k.keyId, action: "REASSIGN", toHolderId: k.suggestedHolderId })),
          },
        },
      );
      if (dry.offboardUser.errors.length === 0) {
        leaver = { id: user.id, email: user.email, keys: planned };
        break;
      }
    }
    expect(leaver, "a demo user to offboard").toBeDefined();
    if (!leaver) return;

    await page.goto(`/offboarding?user=${leaver.id}`);
    await page.getByRole("table", { name: "The leaver's keys" }).waitFor();
    await screenshot(page, "offboarding-impact");
    await page.getByRole("button", { name: "Next: decide per key" }).click();
    await page.getByRole("table", { name: "Decision per key" }).waitFor();
    await screenshot(page, "offboarding-decisions");
    await expectAccessible(page, "offboarding decisions");
    await page.getByRole("button", { name: "Dry run", exact: true }).click();
    await page.getByRole("button", { name: "Confirm and offboard…" }).waitFor();
    await screenshot(page, "offboarding-dry-run");
    // The dry run changed nothing.
    const stillActive = await gql("query($id: ID!) { user(id: $id) { status } }", { id: leaver.id });
    expect(stillActive.user.status).toBe("ACTIVE");

    await page.getByRole("button", { name: "Confirm and offboard…" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Offboard" }).click();
    await page.getByText("Nothing broke").waitFor({ timeout: 30_000 });
    await screenshot(page, "offboarding-result");
    await expectAccessible(page, "offboarding result");
    // One row per group of keys with one fate: here, per successor (all active, on the same services).
    const groups = new Set(leaver.keys.map((k) => `${k.suggestedHolderId} ${[...k.worksOn].sort().join(",")}`));
    expect(await page.getByText(/still works on the same/).count()).toBe(groups.size);

    // Through the API: the leaver is departed and holds nothing; each key is with its suggested
    // group and works on exactly the services it worked on before, by the diagnosis too.
    const after = await gql("query($id: ID!) { user(id: $id) { status keys(first: 0) { totalCount } } }", {
      id: leaver.id,
    });
    expect(after.user).toEqual({ status: "DEPARTED", keys: { totalCount: 0 } });
    for (const planned of leaver.keys) {
      const { apiKey } = await gql("query($id: ID!) { apiKey(id: $id) { holder { id } worksOn { slug } } }", {
        id: planned.keyId,
      });
      expect(apiKey.holder.id).toBe(planned.suggestedHolderId);
      expect(apiKey.worksOn.map((s: { slug: string }) => s.slug).sort()).toEqual([...planned.worksOn].sort());
      const { diagnoseApiKey } = await gql(
        "query($id: ID!, $service: String!) { diagnoseApiKey(keyId: $id, service: $service) { works } }",
        { id: planned.keyId, service: planned.worksOn[0] },
      );
      expect(diagnoseApiKey.works).toBe(true);
    }
    await context.close();
  });
});
