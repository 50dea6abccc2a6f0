import { GraphQLScalarType } from "graphql";
import { GraphQLDateTimeISO } from "graphql-scalars";
import { describe, expect, it } from "vitest";
import { dateTimeSerializer } from "./date-time.js";

const serializer = dateTimeSerializer(GraphQLDateTimeISO);
if (!serializer) throw new Error("graphql-scalars' DateTimeISO no longer writes a Date as toISOString");
const serialize = serializer;

/** The scalar's own answer, or the message of what it threw. */
function expected(value: unknown): unknown {
  try {
    return GraphQLDateTimeISO.serialize(value);
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

function actual(value: unknown): unknown {
  try {
    return serialize(value);
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

describe("the DateTimeISO serializer graphql-jit uses", () => {
  it("writes every Date as the scalar does, across years 0 to 9999", () => {
    // 0000-01-01T00:00:00.000Z (Date.UTC would read year 0 as 1900).
    const start = new Date(0);
    start.setUTCFullYear(0, 0, 1);
    const end = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    const instants = [
      start.getTime(),
      start.getTime() + 1,
      end,
      end - 1,
      0,
      -1,
      1,
      Date.UTC(1969, 11, 31, 23, 59, 59, 999),
      Date.UTC(2000, 1, 29, 12, 0, 0, 5),
      Date.UTC(1900, 1, 28, 23, 59, 59, 999),
      Date.UTC(1900, 2, 1),
      Date.UTC(2100, 1, 28),
      Date.UTC(2400, 1, 29),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2027, 0, 1),
    ];
    // Every day's first and last millisecond over a span of leap and non-leap years.
    for (let day = Date.UTC(1995, 0, 1); day < Date.UTC(2005, 0, 1); day += 86_400_000) {
      instants.push(day, day + 86_399_999);
    }
    // And spread over the whole range, with random times of day.
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 20_000; i++) instants.push(Math.floor(start.getTime() + random() * (end - start.getTime())));
    for (const instant of instants) {
      const date = new Date(instant);
      expect(actual(date), date.toISOString()).toEqual(expected(date));
    }
  });

  it("leaves what is not a Date in years 0–9999 to the scalar, answer or error alike", () => {
    const beyond = new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999) + 1);
    const before = new Date(-62_167_219_200_001);
    const values = [
      beyond,
      before,
      new Date(8.64e15),
      new Date(Number.NaN),
      "2026-12-06T01:02:03.004Z",
      "2026-12-06T01:02:03+02:00",
      "not a date",
      1_765_000_000_000,
      null,
      {},
      true,
    ];
    for (const value of values) expect(actual(value)).toEqual(expected(value));
    expect(actual(beyond)).toBe("+010000-01-01T00:00:00.000Z");
    expect(actual(new Date(Number.NaN))).toEqual({ threw: expect.stringContaining("invalid Date") });
  });

  it("is not used for a scalar of that name that writes a Date otherwise", () => {
    const epochMillis = new GraphQLScalarType({ name: "DateTimeISO", serialize: (value) => (value as Date).getTime() });
    expect(dateTimeSerializer(epochMillis)).toBeNull();
  });
});
