import { describe, expect, it } from "vitest";
import { instance } from "./read-model.js";

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
