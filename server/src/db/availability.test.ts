import { describe, expect, it } from "vitest";
import { unavailabilityOf } from "./availability.js";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("unavailabilityOf", () => {
  it("calls a pool whose connections all stayed in use busy", () => {
    expect(unavailabilityOf(new Error("timeout exceeded when trying to connect"))).toBe("SERVICE_BUSY");
  });

  it("calls a database that refuses, drops, restarts or does not answer unavailable, also when wrapped", () => {
    for (const error of [
      withCode("connect ECONNREFUSED 127.0.0.1:5440", "ECONNREFUSED"),
      Object.assign(new AggregateError([], ""), { code: "ECONNREFUSED" }),
      withCode("the database system is starting up", "57P03"),
      withCode("terminating connection due to administrator command", "57P01"),
      withCode("connection failure", "08006"),
      new Error("Connection terminated unexpectedly"),
      new Error("Connection terminated due to connection timeout"),
      new Error("select 1 - wrapped by the ORM", { cause: withCode("connect ECONNREFUSED", "ECONNREFUSED") }),
    ]) {
      expect(unavailabilityOf(error), String(error)).toBe("DATABASE_UNAVAILABLE");
    }
  });

  it("leaves every other error alone: a statement timeout, a constraint, a bug", () => {
    for (const error of [
      withCode("canceling statement due to statement timeout", "57014"),
      withCode("duplicate key value violates unique constraint", "23505"),
      new TypeError("x is undefined"),
      "not an error",
      null,
    ]) {
      expect(unavailabilityOf(error), String(error)).toBeNull();
    }
  });
});
