import { describe, expect, it } from "vitest";
import { Role } from "../../shared/role.js";
import { identityOf, roleOf } from "./oidc.claims.js";
import { PENDING_SIGN_IN_MS } from "./oidc.client.js";
import { parseRoleMap } from "./oidc.settings.js";
import { openPending, safeReturnPath, sealPending } from "./pending-cookie.js";

const MAP = parseRoleMap("keyholder-admins=ADMIN, keyholder-operators=OPERATOR,keyholder-viewers=VIEWER");

describe("role from the provider's groups", () => {
  it("gives the highest role any mapped group grants, whatever the order", () => {
    expect(roleOf(["keyholder-viewers", "keyholder-admins", "staff"], MAP)).toBe(Role.ADMIN);
    expect(roleOf(["staff", "keyholder-operators", "keyholder-viewers"], MAP)).toBe(Role.OPERATOR);
    expect(roleOf(["keyholder-viewers"], MAP)).toBe(Role.VIEWER);
  });

  it("gives none without a mapped group (names are matched exactly)", () => {
    expect(roleOf([], MAP)).toBeNull();
    expect(roleOf(["Keyholder-Admins", "keyholder-admins "], MAP)).toBeNull();
  });

  it("parses value=ROLE pairs, a group whose name holds '=' included", () => {
    expect([...parseRoleMap("cn=admins,ou=groups=ADMIN,staff=VIEWER")]).toEqual([
      ["cn=admins,ou=groups", Role.ADMIN],
      ["staff", Role.VIEWER],
    ]);
    expect(() => parseRoleMap("admins=ROOT")).toThrow();
  });
});

describe("identity from the claims", () => {
  it("reads the email (normalised), the name and the groups", () => {
    expect(
      identityOf({ sub: "abc", email: " Ada@Agency.gov.example ", name: " Ada ", groups: ["a", 7, "b"] }, "groups"),
    ).toEqual({
      subject: "abc",
      email: "ada@agency.gov.example",
      name: "Ada",
      groups: ["a", "b"],
      roleClaimSent: true,
    });
  });

  it("takes a single-valued role claim as one group, and reads any claim named for it", () => {
    expect(identityOf({ sub: "x", roles: "keyholder-admins" }, "roles").groups).toEqual(["keyholder-admins"]);
    expect(identityOf({ sub: "x" }, "groups")).toMatchObject({ groups: [], roleClaimSent: false });
    expect(identityOf({ sub: "x", groups: [] }, "groups")).toMatchObject({ groups: [], roleClaimSent: true });
  });

  it("has no email when the provider says it is unverified, or sends something that is not one", () => {
    expect(identityOf({ sub: "x", email: "ada@agency.gov.example", email_verified: false }, "groups").email).toBeNull();
    expect(identityOf({ sub: "x", email: "not an email" }, "groups").email).toBeNull();
    // Sent as a string, as some providers do: "false" must not pass for verified.
    expect(
      identityOf({ sub: "x", email: "ada@agency.gov.example", email_verified: "false" }, "groups").email,
    ).toBeNull();
    expect(identityOf({ sub: "x", email: "ada@agency.gov.example", email_verified: null }, "groups").email).toBeNull();
    expect(identityOf({ sub: "x", email: "ada@agency.gov.example", email_verified: "true" }, "groups").email).toBe(
      "ada@agency.gov.example",
    );
    // Microsoft Entra sends no email_verified at all: the organisation's own directory is trusted.
    expect(identityOf({ sub: "x", email: "ada@agency.gov.example" }, "groups").email).toBe("ada@agency.gov.example");
  });

  it("drops a name that is blank or holds control characters", () => {
    expect(identityOf({ sub: "x", name: "   " }, "groups").name).toBeNull();
    expect(identityOf({ sub: "x", name: "Ada\u0000" }, "groups").name).toBeNull();
  });
});

describe("the pending sign-in cookie", () => {
  const pending = { state: "s", nonce: "n", codeVerifier: "v", returnTo: "/keys", issuedAt: Date.now() };

  it("opens what it sealed, with the same key only", () => {
    const sealed = sealPending(pending, "key one");
    expect(openPending(sealed, "key one")).toEqual(pending);
    expect(openPending(sealed, "key two")).toBeNull();
    expect(openPending(undefined, "key one")).toBeNull();
    expect(openPending("garbage", "key one")).toBeNull();
  });

  it("refuses one older than the provider is given to send the person back, or sealed without a time", () => {
    const sealed = sealPending(pending, "k");
    expect(openPending(sealed, "k", pending.issuedAt + PENDING_SIGN_IN_MS)).toEqual(pending);
    expect(openPending(sealed, "k", pending.issuedAt + PENDING_SIGN_IN_MS + 1)).toBeNull();
    const { issuedAt: _, ...untimed } = pending;
    expect(openPending(sealPending(untimed as typeof pending, "k"), "k")).toBeNull();
  });

  it("refuses a changed body", () => {
    const [, tag] = sealPending(pending, "k").split(".");
    const body = Buffer.from(JSON.stringify({ ...pending, returnTo: "/tokens" })).toString("base64url");
    expect(openPending(`${body}.${tag}`, "k")).toBeNull();
  });

  it("returns only to local console paths", () => {
    expect(safeReturnPath("/keys?status=ACTIVE")).toBe("/keys?status=ACTIVE");
    expect(safeReturnPath("/keys?q=%E2%82%AC")).toBe("/keys?q=%E2%82%AC");
    for (const bad of [
      "//evil.example",
      "/\\evil.example",
      "https://evil.example",
      "keys",
      "/auth/oidc/login",
      5,
      "/€",
      "/a\u0000",
    ]) {
      expect(safeReturnPath(bad)).toBe("/");
    }
  });
});
