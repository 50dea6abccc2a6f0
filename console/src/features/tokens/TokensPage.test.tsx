import { type AccessTokenFields, type ResultOf, RevokeAccessTokenMutation } from "@keyholder/graphql";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { pageOf } from "../../test/connection.js";
import { openDialog } from "../../test/interact.js";
import { payloadOf, type UserErrorAnswer } from "../../test/payload.js";
import { answerOf, renderConsole, type WithTypenames } from "../../test/render.js";
import TokensPage from "./TokensPage.js";
import { AccessTokensQuery, CreateAccessTokenMutation } from "./tokens.graphql.js";

type Token = WithTypenames<ResultOf<typeof AccessTokenFields>>;

function token(id: string, overrides: Partial<Token> = {}): Token {
  return {
    __typename: "AccessToken",
    id,
    name: `token ${id}`,
    prefix: `khp_${id}`,
    role: "OPERATOR",
    status: "ACTIVE",
    createdAt: "2026-05-01T10:00:00.000Z",
    expiresAt: "2027-05-01T10:00:00.000Z",
    lastUsedAt: null,
    revokedAt: null,
    owner: { __typename: "User", id: "u-1", email: "me@example.org", name: "Me" },
    ...overrides,
  };
}

const list = (...tokens: Token[]) => answerOf(AccessTokensQuery, { accessTokens: pageOf("AccessToken", tokens) });

/** The answer to creating a token: the token and its secret, or the errors that refused it. */
const created = (accessToken: Token | null, secret: string | null, errors: UserErrorAnswer[] = []) =>
  payloadOf(CreateAccessTokenMutation, { accessToken, secret }, errors);

describe("TokensPage", () => {
  it("lists my tokens by default; an ADMIN's switch asks for everyone's and shows owners, kept in the URL", async () => {
    const user = userEvent.setup();
    const { operations, location } = renderConsole(<TokensPage />, {
      url: "/tokens",
      answers: {
        AccessTokens: (v) =>
          v.all
            ? list(
                token("1"),
                token("2", { owner: { __typename: "User", id: "u-9", email: "ops@example.org", name: "Ops" } }),
              )
            : list(token("1")),
      },
    });
    await screen.findByText("token 1");
    expect(screen.getByText("Operator")).toBeTruthy();
    expect(operations.at(-1)?.variables.all).toBeUndefined();
    expect(screen.queryByRole("columnheader", { name: "Owner" })).toBeNull();
    await user.click(screen.getByRole("switch", { name: "Everyone's tokens" }));
    await screen.findByText("ops@example.org");
    expect(location.history.at(-1)).toBe("/tokens?all=true");
    expect(operations.at(-1)?.variables.all).toBe(true);
    expect(screen.getByRole("columnheader", { name: "Owner" })).toBeTruthy();
  });

  it("gives no 'everyone's' switch below ADMIN, and ignores it in the URL", async () => {
    const { operations } = renderConsole(<TokensPage />, {
      role: "OPERATOR",
      url: "/tokens?all=true",
      answers: { AccessTokens: list() },
    });
    await screen.findByText(/You have no access tokens/);
    expect(screen.queryByRole("switch")).toBeNull();
    expect(operations.find((o) => o.name === "AccessTokens")?.variables.all).toBeUndefined();
  });

  it("offers only roles up to mine, validates before sending, and shows the secret once", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(<TokensPage />, {
      role: "OPERATOR",
      answers: {
        AccessTokens: list(),
        CreateAccessToken: created(token("9", { name: "leavers feed" }), "khp_secret_value_123"),
      },
    });
    await screen.findByText(/You have no access tokens/);
    const dialog = await openDialog(user, "New token", "New access token");
    await user.click(within(dialog).getByRole("combobox", { name: "Role" }));
    const options = (await screen.findAllByRole("option")).map((o) => o.textContent);
    expect(options).toEqual(["Viewer: reads only", "Operator: also changes keys, holders and services, offboards"]);
    await user.click(screen.getByRole("option", { name: /Operator/ }));

    const lifetime = within(dialog).getByRole("textbox", { name: "Lifetime (days)" });
    await user.clear(lifetime);
    await user.click(within(dialog).getByRole("button", { name: "Create token" }));
    expect(await within(dialog).findByText("Name it after what will use it")).toBeTruthy();
    expect(within(dialog).getByText("A whole number of days from 1 to 365")).toBeTruthy();
    expect(operations.some((o) => o.name === "CreateAccessToken")).toBe(false);

    await user.type(within(dialog).getByRole("textbox", { name: "Name" }), " leavers feed ");
    await user.clear(lifetime);
    await user.type(lifetime, "30");
    await user.click(within(dialog).getByRole("button", { name: "Create token" }));
    expect(await screen.findByTestId("secret")).toHaveProperty("textContent", "khp_secret_value_123");
    expect(operations.find((o) => o.name === "CreateAccessToken")?.variables).toEqual({
      input: { name: "leavers feed", role: "OPERATOR", expiresInDays: 30 },
    });

    await user.click(screen.getByRole("button", { name: "Copy access token" }));
    await user.click(screen.getByRole("button", { name: "Done" }));
    await waitFor(() => expect(screen.queryByTestId("secret")).toBeNull());
    await user.click(screen.getByRole("button", { name: "New token" }));
    await screen.findByRole("dialog", { name: "New access token" });
    expect(screen.queryByText("khp_secret_value_123")).toBeNull();
  });

  it("asks before Esc or the close button loses a token not yet copied, and not once it was", async () => {
    const user = userEvent.setup();
    renderConsole(<TokensPage />, {
      answers: {
        AccessTokens: list(),
        CreateAccessToken: created(token("9", { name: "feed" }), "khp_secret_value_123"),
      },
    });
    const create = async () => {
      const dialog = await openDialog(user, "New token", "New access token");
      await user.type(within(dialog).getByRole("textbox", { name: "Name" }), "feed");
      await user.click(within(dialog).getByRole("button", { name: "Create token" }));
      await screen.findByTestId("secret");
    };
    await create();
    await user.keyboard("{Escape}");
    const question = await screen.findByTestId("uncopied-secret");
    expect(question.textContent).toContain("You have not copied the secret");
    await user.click(within(question).getByRole("button", { name: "Keep it open" }));
    await user.click(screen.getByRole("button", { name: "Close" }));
    await user.click(
      within(await screen.findByTestId("uncopied-secret")).getByRole("button", { name: "Close anyway" }),
    );
    await waitFor(() => expect(screen.queryByTestId("secret")).toBeNull());

    await create();
    await user.click(screen.getByRole("button", { name: "Copy access token" }));
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("uncopied-secret")).toBeNull();
    await waitFor(() => expect(screen.queryByTestId("secret")).toBeNull());
  });

  it("refuses an out-of-range lifetime with a field error instead of changing it, and limits the name", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(<TokensPage />, { answers: { AccessTokens: list() } });
    const dialog = await openDialog(user, "New token", "New access token");
    const name = within(dialog).getByRole("textbox", { name: "Name" });
    await user.click(name);
    await user.paste("n".repeat(10_000));
    expect((name as HTMLInputElement).value).toHaveLength(100);
    expect(within(dialog).getByTestId("character-count").textContent).toContain("100 of 100 characters");

    const lifetime = within(dialog).getByRole("textbox", { name: "Lifetime (days)" });
    for (const typed of ["0", "400", "-3"]) {
      await user.clear(lifetime);
      await user.type(lifetime, typed);
      await user.click(within(dialog).getByRole("button", { name: "Create token" }));
      expect((lifetime as HTMLInputElement).value).toBe(typed);
      expect(await within(dialog).findByText("A whole number of days from 1 to 365")).toBeTruthy();
      expect(lifetime.getAttribute("aria-invalid")).toBe("true");
    }
    expect(operations.some((o) => o.name === "CreateAccessToken")).toBe(false);
  });

  it("shows the server's field error on its input", async () => {
    const user = userEvent.setup();
    renderConsole(<TokensPage />, {
      answers: {
        AccessTokens: list(),
        CreateAccessToken: created(null, null, [
          { field: "role", code: "ROLE_TOO_HIGH", message: "Not above your role." },
        ]),
      },
    });
    const dialog = await openDialog(user, "New token", "New access token");
    await user.type(within(dialog).getByRole("textbox", { name: "Name" }), "feed");
    await user.click(within(dialog).getByRole("button", { name: "Create token" }));
    expect(await within(dialog).findByText("Not above your role.")).toBeTruthy();
    expect(within(dialog).getByRole("combobox", { name: "Role" }).getAttribute("aria-invalid")).toBe("true");
    expect(screen.queryByTestId("secret")).toBeNull();
  });

  it("revokes only after confirming, and not tokens already revoked or expired", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(<TokensPage />, {
      answers: {
        AccessTokens: list(
          token("1", { name: "feed" }),
          token("2", { name: "old", status: "REVOKED", revokedAt: "2026-05-02T10:00:00.000Z" }),
          token("3", { name: "stale", status: "EXPIRED" }),
        ),
        RevokeAccessToken: payloadOf(RevokeAccessTokenMutation, {
          accessToken: token("1", { name: "feed", status: "REVOKED" }),
        }),
      },
    });
    await screen.findByText("feed");
    expect(screen.getByRole("button", { name: "Revoke old" })).toHaveProperty("disabled", true);
    expect(screen.getByRole("button", { name: "Revoke stale" })).toHaveProperty("disabled", true);
    const dialog = await openDialog(user, "Revoke feed", "Revoke this access token?");
    expect(within(dialog).getByText(/stops working at once/)).toBeTruthy();
    expect(operations.some((o) => o.name === "RevokeAccessToken")).toBe(false);
    await user.click(within(dialog).getByRole("button", { name: "Revoke token" }));
    await waitFor(() => expect(operations.find((o) => o.name === "RevokeAccessToken")?.variables).toEqual({ id: "1" }));
  });

  it("keeps the confirmation open and says why when the API refuses the revocation", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(<TokensPage />, {
      answers: {
        AccessTokens: list(token("1", { name: "feed" })),
        RevokeAccessToken: payloadOf(RevokeAccessTokenMutation, { accessToken: null }, [
          { field: "id", code: "TOKEN_NOT_FOUND", message: "No such access token." },
        ]),
      },
    });
    const dialog = await openDialog(user, "Revoke feed", "Revoke this access token?");
    await user.click(within(dialog).getByRole("button", { name: "Revoke token" }));
    await waitFor(() => expect(operations.some((o) => o.name === "RevokeAccessToken")).toBe(true));
    await waitFor(() =>
      expect(within(dialog).getByRole("button", { name: "Revoke token" }).getAttribute("data-loading")).toBeNull(),
    );
    expect(screen.getByRole("dialog", { name: "Revoke this access token?" })).toBeTruthy();
  });
});
