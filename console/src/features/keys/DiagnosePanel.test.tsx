import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ServiceOptionsQuery } from "../../components/pickers.graphql.js";
import { choose } from "../../test/interact.js";
import { answerOf, renderConsole } from "../../test/render.js";
import { DiagnosePanel } from "./DiagnosePanel.js";
import { DiagnoseKeyQuery } from "./key.graphql.js";

const services = answerOf(ServiceOptionsQuery, {
  services: {
    __typename: "ServiceConnection",
    nodes: [
      { __typename: "Service", id: "s-1", slug: "parking", name: "Parking" },
      { __typename: "Service", id: "s-2", slug: "fines", name: "Fines" },
    ],
  },
});

function diagnosis(slug: string, works: boolean) {
  return {
    diagnoseApiKey: {
      __typename: "KeyDiagnosis",
      works,
      reason: works ? ("VALID" as const) : ("HOLDER_NOT_BILLING_COLLABORATOR" as const),
      explanation: works
        ? `The key works on ${slug}.`
        : `The key is active, but its holder alice@example.org is not a Billing collaborator on ${slug}.`,
      fixes: works ? [] : [`Add alice@example.org as a Billing collaborator on ${slug}.`],
    },
    serviceBySlug: { __typename: "Service", id: slug === "parking" ? "s-1" : "s-2", slug, name: slug },
  };
}

describe("DiagnosePanel", () => {
  it("diagnoses the service named in the URL and shows the reason and the fixes", async () => {
    const { operations } = renderConsole(<DiagnosePanel keyId="k-1" />, {
      url: "/keys/k-1?diagnose=parking",
      answers: { DiagnoseKey: answerOf(DiagnoseKeyQuery, diagnosis("parking", false)), ServiceOptions: services },
    });
    expect(await screen.findByText(/is not a Billing collaborator on parking\./)).toBeTruthy();
    expect(operations.find((o) => o.name === "DiagnoseKey")?.variables).toEqual({ keyId: "k-1", service: "parking" });
    expect(screen.getByText("Does not work on")).toBeTruthy();
    expect(screen.getByText("Reason: the holder is not a Billing collaborator on this service")).toBeTruthy();
    expect(screen.queryByText(/HOLDER_NOT_BILLING_COLLABORATOR/)).toBeNull();
    const fixes = screen.getByRole("list", { name: "What would fix it" });
    expect(within(fixes).getByText("Add alice@example.org as a Billing collaborator on parking.")).toBeTruthy();
    expect((screen.getByRole("combobox", { name: "Service to diagnose" }) as HTMLInputElement).value).toBe("parking");
  });

  it("says an archived service's reason in words", async () => {
    renderConsole(<DiagnosePanel keyId="k-1" />, {
      url: "/keys/k-1?diagnose=parking",
      answers: {
        DiagnoseKey: answerOf(DiagnoseKeyQuery, {
          ...diagnosis("parking", false),
          diagnoseApiKey: {
            __typename: "KeyDiagnosis",
            works: false,
            reason: "SERVICE_ARCHIVED",
            explanation: "Parking (parking) is archived and accepts no key.",
            fixes: ["Restore parking if it is still in use."],
          },
        }),
        ServiceOptions: services,
      },
    });
    expect(await screen.findByText("Parking (parking) is archived and accepts no key.")).toBeTruthy();
    expect(screen.getByText("Reason: the service is archived")).toBeTruthy();
    expect(screen.queryByText(/SERVICE_ARCHIVED/)).toBeNull();
  });

  it("asks nothing until a service is picked, then keeps the pick in the URL", async () => {
    const user = userEvent.setup();
    const { operations, location } = renderConsole(<DiagnosePanel keyId="k-1" />, {
      url: "/keys/k-1",
      answers: { DiagnoseKey: answerOf(DiagnoseKeyQuery, (v) => diagnosis(v.service, true)), ServiceOptions: services },
    });
    expect(operations.some((o) => o.name === "DiagnoseKey")).toBe(false);
    await choose(user, "Service to diagnose", "fines");
    await waitFor(() => expect(location.history.at(-1)).toBe("/keys/k-1?diagnose=fines"));
    expect(await screen.findByText("The key works on fines.")).toBeTruthy();
    expect(operations.filter((o) => o.name === "DiagnoseKey").at(-1)?.variables.service).toBe("fines");
  });
});
