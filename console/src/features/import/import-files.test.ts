import { importFilesOf } from "@keyholder/graphql";
import { describe, expect, it } from "vitest";

describe("importFilesOf", () => {
  it("sends one JSON bundle as json and CSV files by the kind their name says", () => {
    expect(importFilesOf([{ name: "inventory.JSON", text: "{}" }])).toEqual({ json: "{}" });
    expect(
      importFilesOf([
        { name: "/tmp/inventory/Users.csv", text: "email" },
        { name: "group-emails.csv", text: "email" },
        { name: "keys.csv", text: "name" },
      ]),
    ).toEqual({
      csv: [
        { kind: "USER", content: "email" },
        { kind: "GROUP_EMAIL", content: "email" },
        { kind: "KEY", content: "name" },
      ],
    });
  });

  it("says what is wrong with a mix, an unnamed CSV, two files of one kind or nothing", () => {
    expect(importFilesOf([])).toMatch(/Choose/);
    expect(
      importFilesOf([
        { name: "a.json", text: "" },
        { name: "users.csv", text: "" },
      ]),
    ).toMatch(/not both/);
    expect(importFilesOf([{ name: "people.csv", text: "" }])).toMatch(/not named after its kind/);
    expect(importFilesOf([{ name: "exports/users/people.csv", text: "" }])).toMatch(/not named after its kind/);
    expect(
      importFilesOf([
        { name: "users.csv", text: "" },
        { name: "USERS.csv", text: "" },
      ]),
    ).toMatch(/one per kind/);
  });
});
