import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { Route } from "wouter";
import { openDialog } from "../../test/interact.js";
import { payloadOf, type UserErrorAnswer } from "../../test/payload.js";
import { answerOf, renderConsole } from "../../test/render.js";
import ServicePage from "./ServicePage.js";
import { ServiceDetailQuery } from "./service.graphql.js";
import { ArchiveServiceMutation, RestoreServiceMutation, UpdateServiceMutation } from "./service-mutations.graphql.js";
import { key, serviceDetail, workingKeys } from "./test-support/service-fixtures.js";

const page = <Route path="/services/:id" component={ServicePage} />;

/** The archive or restore answer: the service at its next version, or refused with `errors`. */
function archivePayload(
  document: typeof ArchiveServiceMutation | typeof RestoreServiceMutation,
  errors: UserErrorAnswer[] = [],
) {
  const service = { __typename: "Service", id: "s-1", slug: "parking-fines", archivedAt: null, version: 8 };
  return payloadOf(document, { service: errors.length ? null : service }, errors);
}

describe("ServicePage", () => {
  it("shows the service, its collaborators and the keys that work on it", async () => {
    const { operations } = renderConsole(page, {
      url: "/services/s-1",
      answers: { ServiceDetail: serviceDetail(), ServiceWorkingKeys: workingKeys([key(1)]) },
    });
    expect(await screen.findByRole("heading", { level: 1, name: "Parking fines" })).toBeTruthy();
    expect(screen.getByText("parking-fines")).toBeTruthy();
    const collaborators = screen.getByRole("table", { name: "Collaborators on parking-fines" });
    expect(within(collaborators).getByRole("link", { name: "ada@example.org" }).getAttribute("href")).toBe(
      "/holders/h-ada",
    );
    const keys = await screen.findByRole("table", { name: "Keys that work on parking-fines" });
    expect(within(keys).getByRole("link", { name: "billing worker 1" }).getAttribute("href")).toBe("/keys/k-1");
    expect(operations.find((o) => o.name === "ServiceWorkingKeys")?.variables).toEqual({
      id: "s-1",
      first: 25,
      after: undefined,
    });
  });

  it("reads the working keys' page from its own URL parameter", async () => {
    const { operations } = renderConsole(page, {
      url: "/services/s-1?keysPage=YWJj.ZGVm",
      answers: { ServiceDetail: serviceDetail(), ServiceWorkingKeys: workingKeys([key(1)]) },
    });
    await screen.findByText("billing worker 1");
    expect(operations.find((o) => o.name === "ServiceWorkingKeys")?.variables.after).toBe("ZGVm");
  });

  it("says so when the id names no service", async () => {
    renderConsole(page, {
      url: "/services/nope",
      answers: { ServiceDetail: answerOf(ServiceDetailQuery, { service: null }) },
    });
    expect(await screen.findByRole("heading", { name: "No such service" })).toBeTruthy();
  });

  it("shows a VIEWER no write action", async () => {
    renderConsole(page, {
      role: "VIEWER",
      url: "/services/s-1",
      answers: { ServiceDetail: serviceDetail(), ServiceWorkingKeys: workingKeys([key(1)]) },
    });
    await screen.findByText("billing worker 1");
    for (const name of [/^Edit/, /^Archive/, /^Restore/, /^Add collaborator/, /^Change role/, /^Remove/]) {
      expect(screen.queryByRole("button", { name })).toBeNull();
    }
  });

  it("asks before archiving, says no key will work and how many do now, and sends the version and reason", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(page, {
      role: "OPERATOR",
      url: "/services/s-1",
      answers: {
        ServiceDetail: serviceDetail(),
        ServiceWorkingKeys: workingKeys(),
        ArchiveService: archivePayload(ArchiveServiceMutation),
      },
    });
    const dialog = await openDialog(user, "Archive", "Archive parking-fines?");
    expect(within(dialog).getByText("No key will work on parking-fines any more.")).toBeTruthy();
    expect(within(dialog).getByText(/3 keys work on it now/)).toBeTruthy();
    expect(within(dialog).getByText("ada@example.org")).toBeTruthy();
    expect(operations.some((o) => o.name === "ArchiveService")).toBe(false);
    await user.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "Replaced by fines-v2");
    await user.click(within(dialog).getByRole("button", { name: "Archive service" }));
    await waitFor(() =>
      expect(operations.find((o) => o.name === "ArchiveService")?.variables).toEqual({
        input: { id: "s-1", version: 7, reason: "Replaced by fines-v2" },
      }),
    );
  });

  it("tells the user someone else changed the service when archiving meets a version conflict", async () => {
    const user = userEvent.setup();
    renderConsole(page, {
      url: "/services/s-1",
      answers: {
        ServiceDetail: serviceDetail(),
        ServiceWorkingKeys: workingKeys(),
        ArchiveService: archivePayload(ArchiveServiceMutation, [
          { field: "version", code: "VERSION_CONFLICT", message: "Changed meanwhile." },
        ]),
      },
    });
    await user.click(await screen.findByRole("button", { name: "Archive" }));
    await user.click(await screen.findByRole("button", { name: "Archive service" }));
    expect(await screen.findByText("Someone else changed this service")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Reload the service" })).toBeTruthy();
  });

  it("restores an archived service, saying whose keys will work again", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(page, {
      url: "/services/s-1",
      answers: {
        ServiceDetail: serviceDetail({
          archivedAt: "2025-03-01T00:00:00.000Z",
          workingKeyCount: { __typename: "ApiKeyConnection", totalCount: 0 },
        }),
        ServiceWorkingKeys: workingKeys(),
        RestoreService: archivePayload(RestoreServiceMutation),
      },
    });
    expect(await screen.findByText("It is archived: no key works on it.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Add collaborator" }).hasAttribute("disabled")).toBe(true);
    const dialog = await openDialog(user, "Restore", "Restore parking-fines?");
    expect(within(dialog).getByText(/will work on it again/)).toBeTruthy();
    await user.click(within(dialog).getByRole("button", { name: "Restore service" }));
    await waitFor(() =>
      expect(operations.find((o) => o.name === "RestoreService")?.variables).toEqual({
        input: { id: "s-1", version: 7, reason: null },
      }),
    );
  });

  it("edits with the version read, sending only what changed, and warns when the slug changes", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(page, {
      url: "/services/s-1",
      answers: {
        ServiceDetail: serviceDetail(),
        ServiceWorkingKeys: workingKeys(),
        UpdateService: payloadOf(UpdateServiceMutation, { service: null }, [
          { field: "slug", code: "SLUG_TAKEN", message: "That slug is in use." },
        ]),
      },
    });
    await user.click(await screen.findByRole("button", { name: "Edit" }));
    const slug = await screen.findByRole("textbox", { name: /Slug/ });
    await user.clear(slug);
    await user.type(slug, "fines");
    expect(screen.getByText("Backends name the service by its slug")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("That slug is in use.")).toBeTruthy();
    expect(operations.find((o) => o.name === "UpdateService")?.variables).toEqual({
      input: { id: "s-1", version: 7, slug: "fines", name: undefined, description: undefined },
    });
  });
});
