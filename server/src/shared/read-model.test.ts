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

  /** A computed field, as `ApiKey.verifiable` is. */
  get described(): string {
    return this.describe();
  }
}

// As MikroORM does for an entity: its metadata on the prototype, and for each property a setter
// that starts tracking the object assigned to (here, it counts), and no getter.
for (const type of [Entity, Parent]) Object.defineProperty(type.prototype, "__meta", { value: {} });
for (const name of ["parent", "label"]) {
  Object.defineProperty(Entity.prototype, name, {
    set(this: Entity) {
      this.writes = (this.writes ?? 0) + 1;
    },
    configurable: true,
  });
}

describe("instance", () => {
  it("makes an instance of the class from the fields, without running its constructor", () => {
    const e = instance(Entity, { id: "k1", label: "Key 1" });
    expect(e).toBeInstanceOf(Entity);
    expect(e.describe()).toBe("k1: Key 1");
    expect(e.described).toBe("k1: Key 1");
    expect(Object.keys(e)).toEqual(["id", "label"]);
    expect(e.writes).toBeUndefined();
  });

  it("puts each field on the object itself, never through a setter of the class's prototype", () => {
    const parent = instance(Parent, { name: "p" });
    const e = instance(Entity, { id: "k2", parent, label: "Key 2" } as Partial<Entity>);
    expect((e as unknown as { parent: Parent }).parent).toBe(parent);
    for (const [name, value] of [
      ["parent", parent],
      ["label", "Key 2"],
    ] as const) {
      expect(Object.getOwnPropertyDescriptor(e, name)).toEqual({
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
    expect(e.writes).toBeUndefined();
    // A field the read model was not given reads undefined, as through the setter alone.
    expect(instance(Entity, { id: "k5" }).label).toBeUndefined();
  });

  it("gives every read model of a class the same prototype, under the class's own", () => {
    const a = instance(Entity, { id: "a" });
    const b = instance(Entity, { id: "b", label: "B" });
    expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b));
    expect(Object.getPrototypeOf(Object.getPrototypeOf(a))).toBe(Entity.prototype);
    expect(a.constructor).toBe(Entity);
    expect(Object.getPrototypeOf(instance(Parent, { name: "p" }))).not.toBe(Object.getPrototypeOf(a));
  });

  it("leaves every field writable and enumerable, as the ORM's entities are", () => {
    const e = instance(Entity, { id: "k3", label: "x" });
    e.label = "y";
    expect({ ...e }).toEqual({ id: "k3", label: "y" });
    expect(e.writes).toBeUndefined();
  });
});

describe("instance of a class the ORM has not set up yet", () => {
  it("shadows what the prototype has then, and makes the prototype again once the ORM has set it up", () => {
    class Later {
      id = "";
    }
    const before = instance(Later, { id: "a" });
    expect(before).toBeInstanceOf(Later);
    // The ORM starts: its metadata and a setter for `label` arrive on the prototype.
    let writes = 0;
    Object.defineProperty(Later.prototype, "__meta", { value: {} });
    Object.defineProperty(Later.prototype, "label", {
      set() {
        writes++;
      },
      configurable: true,
    });
    const after = instance(Later, { id: "b", label: "B" } as Partial<Later>);
    expect(Object.getOwnPropertyDescriptor(after, "label")?.value).toBe("B");
    expect(writes).toBe(0);
    expect(Object.getPrototypeOf(instance(Later, { id: "c" }))).toBe(Object.getPrototypeOf(after));
  });
});
