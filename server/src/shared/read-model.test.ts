import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { date, instance, timestampMillis } from "./read-model.js";

class Parent {
  name = "";
}

class Entity {
  id = "";
  label = "";
  writes = 0;

  describe(): string {
    return `${this.id}: ${this.label}`;
  }
}

// As the ORM does for a relation: an accessor on the prototype that tracks what is assigned.
Object.defineProperty(Entity.prototype, "parent", {
  get(this: Entity) {
    return undefined;
  },
  set(this: Entity) {
    this.writes++;
  },
  configurable: true,
});

describe("instance", () => {
  it("makes an instance of the class from the fields, without running its constructor", () => {
    const e = instance(Entity, { id: "k1", label: "Key 1" });
    expect(e).toBeInstanceOf(Entity);
    expect(e.describe()).toBe("k1: Key 1");
    expect(Object.keys(e)).toEqual(["id", "label"]);
    expect(e.writes).toBeUndefined();
  });

  it("puts a relation the prototype has an accessor for on the object itself, never through the accessor", () => {
    const parent = instance(Parent, { name: "p" });
    const e = instance(Entity, { id: "k2", parent } as Partial<Entity>);
    expect((e as unknown as { parent: Parent }).parent).toBe(parent);
    expect(Object.getOwnPropertyDescriptor(e, "parent")).toMatchObject({
      value: parent,
      writable: true,
      enumerable: true,
    });
    expect(e.writes).toBeUndefined();
  });

  it("makes the fields object itself the instance, without copying it", () => {
    const fields = { id: "k4", label: "Key 4" };
    const e = instance(Entity, fields);
    expect(e).toBe(fields);
    expect(Object.getPrototypeOf(e)).toBe(Entity.prototype);
  });

  it("leaves every field writable and enumerable, as the ORM's entities are", () => {
    const e = instance(Entity, { id: "k3", label: "x" });
    e.label = "y";
    expect({ ...e }).toEqual({ id: "k3", label: "y" });
  });
});

describe("date", () => {
  // Every instant PostgreSQL may send for a timestamptz(3) column, in the forms the driver
  // (text, space, `+00`) and json_build_array (`T`, `+00:00`) write it, in any session time zone.
  const written = fc
    .record({
      time: fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 30, 23, 59, 59, 999) }),
      offsetMinutes: fc.integer({ min: -15 * 60, max: 15 * 60 }),
      fraction: fc.constantFrom(0, 1, 2, 3, 6),
      json: fc.boolean(),
      z: fc.boolean(),
    })
    .map(({ time, offsetMinutes, fraction, json, z }) => {
      const offset = z ? 0 : json ? offsetMinutes : Math.trunc(offsetMinutes / 60) * 60;
      const local = new Date(time + offset * 60_000).toISOString();
      const frac = fraction
        ? `.${local.slice(20, 23)}${"456".slice(0, Math.max(0, fraction - 3))}`.slice(0, fraction + 1)
        : "";
      const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0");
      const mm = String(Math.abs(offset) % 60).padStart(2, "0");
      const zone = z ? "Z" : `${offset < 0 ? "-" : "+"}${hh}${json ? `:${mm}` : ""}`;
      return `${local.slice(0, 10)}${json ? "T" : " "}${local.slice(11, 19)}${frac}${zone}`;
    });

  it("reads every timestamp PostgreSQL writes as the instant new Date reads", () => {
    fc.assert(
      fc.property(written, (text) => {
        expect(timestampMillis(text)).not.toBeNaN();
        expect(date(text)?.getTime()).toBe(new Date(text).getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves what it does not read to new Date: other forms, BC, far years, impossible days", () => {
    for (const text of [
      "infinity",
      "2026-12-05",
      "0044-03-15 12:00:00+00 BC",
      "10000-01-01 00:00:00+00",
      "2026-02-31 10:00:00+00",
      "2026-13-01 10:00:00+00",
      "2026-12-05 10:13:41.+00",
      "2026-12-05 1x:13:41+00",
      "2026-12-05 10:13:41+0530",
    ]) {
      expect(timestampMillis(text)).toBeNaN();
      const fallback = date(text);
      expect(fallback?.getTime()).toEqual(new Date(text).getTime());
    }
  });

  it("keeps a Date and null as they are", () => {
    const d = new Date();
    expect(date(d)).toBe(d);
    expect(date(null)).toBeNull();
    expect(date(undefined)).toBeNull();
    expect(date("2026-12-05 10:13:41.123+00")?.toISOString()).toBe("2026-12-05T10:13:41.123Z");
  });
});
