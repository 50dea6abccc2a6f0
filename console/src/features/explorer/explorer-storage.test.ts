import { describe, expect, it } from "vitest";
import { accountStorage } from "./explorer-storage.js";

describe("accountStorage", () => {
  it("keeps each account's explorer state apart on one browser", () => {
    const backing = window.localStorage;
    backing.clear();
    const mine = accountStorage("u-1", backing);
    const theirs = accountStorage("u-2", backing);
    mine.setItem("graphiql:tabState", "mine");
    backing.setItem("unrelated", "x");
    expect(theirs.getItem("graphiql:tabState")).toBeNull();
    expect(mine.getItem("graphiql:tabState")).toBe("mine");
    expect(mine.length).toBe(1);
    mine.clear();
    expect(mine.getItem("graphiql:tabState")).toBeNull();
    expect(backing.getItem("unrelated")).toBe("x");
  });
});
