import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { maskFragments } from "gql.tada";
import { describe, expect, it } from "vitest";
import { connectionOf, pageOf } from "../../test/connection.js";
import { answerOf, renderConsole } from "../../test/render.js";
import ServicesPage from "./ServicesPage.js";
import { ServiceRowFields, ServicesQuery } from "./services.graphql.js";

function service(n: number, billing: string[] = [`billing${n}@example.org`]) {
  return {
    __typename: "Service",
    id: `s-${n}`,
    slug: `service-${n}`,
    name: `Service ${n}`,
    description: null,
    archivedAt: null,
    collaborators: connectionOf(
      "Collaborator",
      billing.map((email, i) => ({
        __typename: "Collaborator",
        id: `c-${n}-${i}`,
        role: "BILLING" as const,
        holder: { __typename: "User" as const, id: `h-${n}-${i}`, email },
      })),
    ),
  };
}

function page(nodes: ReturnType<typeof service>[], hasNextPage = false) {
  return answerOf(ServicesQuery, {
    services: pageOf("Service", [...maskFragments([ServiceRowFields], nodes)], nodes.length, hasNextPage),
  });
}

describe("ServicesPage", () => {
  it("sends the URL's search and archived switch to the server", async () => {
    const { operations } = renderConsole(<ServicesPage />, {
      url: "/services?q=%20park%20&archived=true",
      answers: { Services: page([service(1)]) },
    });
    await screen.findByText("service-1");
    expect(operations.find((o) => o.name === "Services")?.variables).toEqual({
      first: 50,
      after: undefined,
      filter: { search: "park", archived: true },
    });
    expect(screen.getByRole("switch", { name: /Show archived/ })).toHaveProperty("checked", true);
  });

  it("lists live services when the URL asks for nothing, and ignores a bogus archived value", async () => {
    const { operations } = renderConsole(<ServicesPage />, {
      url: "/services?archived=yes",
      answers: { Services: page([service(1)]) },
    });
    await screen.findByText("service-1");
    expect(operations[0]?.variables.filter).toEqual({ search: undefined, archived: undefined });
  });

  it("turning on Show archived puts it in the URL and goes back to the first page", async () => {
    const user = userEvent.setup();
    const { location, operations } = renderConsole(<ServicesPage />, {
      url: "/services?page=Y3Vyc29y",
      answers: { Services: page([service(1)]) },
    });
    await screen.findByText("service-1");
    await user.click(screen.getByRole("switch", { name: /Show archived/ }));
    await waitFor(() => expect(location.history.at(-1)).toBe("/services?archived=true"));
    await waitFor(() =>
      expect(operations.at(-1)?.variables).toMatchObject({ after: undefined, filter: { archived: true } }),
    );
  });

  it("types into the search, then asks the server for it", async () => {
    const user = userEvent.setup();
    const { location } = renderConsole(<ServicesPage />, { url: "/services", answers: { Services: page([]) } });
    await screen.findByText("No services yet.");
    await user.type(screen.getByRole("textbox", { name: "Search" }), "fines");
    await waitFor(() => expect(location.history.at(-1)).toBe("/services?q=fines"));
  });

  it("shows the Billing holders, and says so when a service has none", async () => {
    renderConsole(<ServicesPage />, {
      url: "/services",
      answers: { Services: page([service(1, ["a@example.org", "b@example.org", "c@example.org"]), service(2, [])]) },
    });
    await screen.findByText("service-1");
    expect(screen.getByRole("link", { name: "a@example.org" }).getAttribute("href")).toBe("/holders/h-1-0");
    expect(screen.getByText(/\+1 more/)).toBeTruthy();
    expect(screen.getByText("None: no key works here")).toBeTruthy();
    expect(screen.getByRole("link", { name: "service-2" }).getAttribute("href")).toBe("/services/s-2");
  });

  it("hides New service from a VIEWER and shows it to an OPERATOR", async () => {
    const viewer = renderConsole(<ServicesPage />, {
      role: "VIEWER",
      url: "/services",
      answers: { Services: page([]) },
    });
    await screen.findByText("No services yet.");
    expect(screen.queryByRole("button", { name: "New service" })).toBeNull();
    viewer.unmount();
    renderConsole(<ServicesPage />, { role: "OPERATOR", url: "/services", answers: { Services: page([]) } });
    expect(await screen.findByRole("button", { name: "New service" })).toBeTruthy();
  });
});
