import type { ErrorCode } from "@keyholder/graphql";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { answerOf, renderConsole } from "../../test/render.js";
import { CreateServiceDialog } from "./CreateServiceDialog.js";
import { suggestSlug } from "./service-form.js";
import { CreateServiceMutation } from "./services.graphql.js";

function created() {
  return answerOf(CreateServiceMutation, {
    createService: {
      __typename: "CreateServicePayload",
      service: { __typename: "Service", id: "s-9", slug: "parking-fines", name: "Parking fines" },
      errors: [],
    },
  });
}

function refused(field: string | null, code: ErrorCode, message: string) {
  return answerOf(CreateServiceMutation, {
    createService: {
      __typename: "CreateServicePayload",
      service: null,
      errors: [{ __typename: "UserError", field, code, message }],
    },
  });
}

describe("CreateServiceDialog", () => {
  it("fills the slug from the name until the slug is typed by hand", async () => {
    const user = userEvent.setup();
    renderConsole(<CreateServiceDialog opened onClose={() => {}} />, { url: "/services" });
    await user.type(screen.getByRole("textbox", { name: /Name/ }), "Parking Fines (HDB)");
    const slug = screen.getByRole("textbox", { name: /Slug/ });
    expect(slug).toHaveProperty("value", "parking-fines-hdb");
    await user.clear(slug);
    await user.type(slug, "fines");
    await user.type(screen.getByRole("textbox", { name: /Name/ }), "!");
    expect(slug).toHaveProperty("value", "fines");
  });

  it("takes at most the API's 200 characters for a name, and says so", async () => {
    const user = userEvent.setup();
    renderConsole(<CreateServiceDialog opened onClose={() => {}} />, { url: "/services" });
    const name = screen.getByRole("textbox", { name: /Name/ });
    await user.click(name);
    await user.paste("p".repeat(10_000));
    expect((name as HTMLInputElement).value).toHaveLength(200);
    expect(screen.getByTestId("character-count").textContent).toContain("200 of 200 characters");
  });

  it("stops a slug the API would refuse before sending anything", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(<CreateServiceDialog opened onClose={() => {}} />, {
      url: "/services",
      answers: { CreateService: created() },
    });
    await user.type(screen.getByRole("textbox", { name: /Name/ }), "Parking fines");
    const slug = screen.getByRole("textbox", { name: /Slug/ });
    await user.clear(slug);
    await user.type(slug, "Parking--Fines");
    await user.click(screen.getByRole("button", { name: "Create service" }));
    expect(await screen.findByText("Lower-case letters and digits, in words separated by single hyphens")).toBeTruthy();
    expect(slug.getAttribute("aria-invalid")).toBe("true");
    expect(operations.some((o) => o.name === "CreateService")).toBe(false);
  });

  it("shows the server's SLUG_TAKEN under the slug, and opens the new service on success", async () => {
    const user = userEvent.setup();
    let taken = true;
    const { operations, location } = renderConsole(<CreateServiceDialog opened onClose={() => {}} />, {
      url: "/services",
      answers: {
        CreateService: () => (taken ? refused("slug", "SLUG_TAKEN", "That slug is already in use.") : created()),
      },
    });
    await user.type(screen.getByRole("textbox", { name: /Name/ }), "Parking fines");
    await user.type(screen.getByRole("textbox", { name: /Description/ }), "  Fines.  ");
    await user.click(screen.getByRole("button", { name: "Create service" }));
    expect(await screen.findByText("That slug is already in use.")).toBeTruthy();
    expect(screen.getByRole("textbox", { name: /Slug/ }).getAttribute("aria-invalid")).toBe("true");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(operations.find((o) => o.name === "CreateService")?.variables).toEqual({
      input: { slug: "parking-fines", name: "Parking fines", description: "Fines." },
    });
    taken = false;
    await user.click(screen.getByRole("button", { name: "Create service" }));
    await waitFor(() => expect(location.history.at(-1)).toBe("/services/s-9"));
  });

  it("shows an error that belongs to no input above the form", async () => {
    const user = userEvent.setup();
    renderConsole(<CreateServiceDialog opened onClose={() => {}} />, {
      url: "/services",
      answers: { CreateService: refused(null, "FORBIDDEN", "Only an OPERATOR may do that.") },
    });
    await user.type(screen.getByRole("textbox", { name: /Name/ }), "Parking fines");
    await user.click(screen.getByRole("button", { name: "Create service" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Only an OPERATOR may do that.");
  });
});

describe("suggestSlug", () => {
  it("makes a valid slug from any name", () => {
    expect(suggestSlug("  Élan Vital — Fees 2025! ")).toBe("elan-vital-fees-2025");
    expect(suggestSlug("***")).toBe("");
    expect(suggestSlug(`${"a".repeat(62)} b`)).toBe("a".repeat(62));
  });
});
