import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { answerOf, renderConsole } from "../../test/render.js";
import { SignInPage } from "../auth/SignInPage.js";
import { SignInMethodsQuery } from "./sign-in-methods.graphql.js";

const methods = (password: boolean, identityProvider: { name: string; signInPath: string } | null) => ({
  SignInMethods: answerOf(SignInMethodsQuery, { signInMethods: { password, identityProvider } }),
});

afterEach(() => window.history.replaceState(null, "", "/"));

describe("the sign-in screen with an identity provider", () => {
  it("offers 'Sign in with <provider>' coming back to the current page, and the password form too", async () => {
    window.history.replaceState(null, "", "/keys?status=ACTIVE");
    renderConsole(<SignInPage onSignedIn={() => {}} />, {
      answers: methods(true, { name: "Agency SSO", signInPath: "/auth/oidc/login" }),
    });
    const link = await screen.findByRole("link", { name: "Sign in with Agency SSO" });
    expect(link.getAttribute("href")).toBe(`/auth/oidc/login?returnTo=${encodeURIComponent("/keys?status=ACTIVE")}`);
    expect(screen.getByRole("textbox", { name: "Email" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Sign in" })).toBeTruthy();
  });

  it("shows no password form when password sign-in is off", async () => {
    renderConsole(<SignInPage onSignedIn={() => {}} />, {
      answers: methods(false, { name: "Agency SSO", signInPath: "/auth/oidc/login" }),
    });
    await screen.findByRole("link", { name: "Sign in with Agency SSO" });
    expect(screen.queryByRole("textbox", { name: "Email" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Sign in" })).toBeNull();
  });

  it("shows only the password form without a provider", async () => {
    renderConsole(<SignInPage onSignedIn={() => {}} />, { answers: methods(true, null) });
    await screen.findByRole("textbox", { name: "Email" });
    expect(screen.queryByRole("link", { name: /Sign in with/ })).toBeNull();
  });

  it("explains a refusal the provider sign-in came back with, and takes it out of the address bar", async () => {
    window.history.replaceState(null, "", "/?sign_in_error=NO_CONSOLE_ROLE");
    renderConsole(<SignInPage onSignedIn={() => {}} />, {
      answers: methods(false, { name: "Agency SSO", signInPath: "/auth/oidc/login" }),
    });
    expect((await screen.findByRole("alert")).textContent).toContain("none of the groups that may use Keyholder");
    expect(window.location.search).toBe("");
  });
});
