import { describe, expect, it } from "vitest";
import { ACTIONS } from "../features/audit/audit-filters.js";
import { actionLabel } from "./audit-action.js";

describe("actionLabel", () => {
  it("says what happened in words", () => {
    expect(actionLabel("api_key.reassigned")).toBe("Key reassigned");
    expect(actionLabel("service.updated")).toBe("Service edited");
    expect(actionLabel("group_email.member_added")).toBe("Member added");
    expect(actionLabel("auth.signed_in")).toBe("Signed in");
    expect(actionLabel("collaborator.role_changed")).toBe("Collaborator role changed");
  });

  it("shows no dotted or underscored code for any action the API records", () => {
    for (const action of ACTIONS.filter((a) => !a.endsWith("."))) expect(actionLabel(action)).not.toMatch(/[._]/);
  });
});
