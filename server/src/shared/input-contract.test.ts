import "reflect-metadata";
import { printSchema } from "graphql";
import { Arg, buildSchemaSync, Field, ID, InputType, Int, Query, Resolver } from "type-graphql";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ValidationError } from "./errors.js";
import { Checked, inputSchema, keep } from "./input-contract.js";
import { optionalText, parseInput, text, version } from "./validation.js";

@InputType("RenameThingInput")
class RenameThingInput {
  @Checked(z.string(), () => ID)
  id!: string;

  @Checked(version, () => Int)
  version!: number;

  @Checked(keep(text(20)), () => String, { nullable: true, description: "Null or omitted keeps the name." })
  name?: string | null;

  @Checked(optionalText(50).optional(), () => String, { nullable: true })
  note?: string | null;
}

@Resolver()
class ThingResolver {
  @Query(() => Boolean)
  renameThing(@Arg("input", () => RenameThingInput) _input: RenameThingInput): boolean {
    return true;
  }
}

function issues(input: unknown) {
  try {
    parseInput(inputSchema(RenameThingInput), input);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => ({ field: i.field, code: i.code }));
    throw error;
  }
  return [];
}

describe("@Checked fields", () => {
  it("declare the GraphQL input field once, with its type, nullability and description", () => {
    const printed = printSchema(buildSchemaSync({ resolvers: [ThingResolver], validate: false }));
    expect(printed).toContain(`input RenameThingInput {
  id: ID!
  version: Int!

  """Null or omitted keeps the name."""
  name: String
  note: String
}`);
  });

  it("check every field with its rule, listing each problem with its field and code", () => {
    expect(issues({ id: "1", version: 1 })).toEqual([]);
    expect(issues({ id: "1", version: 0, name: "  ", note: "x".repeat(51) })).toEqual([
      { field: "version", code: "OUT_OF_RANGE" },
      { field: "name", code: "REQUIRED" },
      { field: "note", code: "TOO_LONG" },
    ]);
    expect(parseInput(inputSchema(RenameThingInput), { id: "1", version: 2, name: null, note: " " })).toEqual({
      id: "1",
      version: 2,
      name: undefined,
      note: null,
    });
    expect(parseInput(inputSchema(RenameThingInput), { id: "1", version: 2, name: " Fines " }).name).toBe("Fines");
  });

  it("refuse a nullable field whose rule refuses null, and a class with a field that has no rule", () => {
    expect(() => {
      @InputType("BadNullableInput")
      class BadNullableInput {
        @Checked(text(20), () => String, { nullable: true })
        name?: string | null;
      }
      return BadNullableInput;
    }).toThrow("BadNullableInput.name is nullable in GraphQL");

    @InputType("HalfCheckedInput")
    class HalfCheckedInput {
      @Checked(z.string(), () => ID)
      id!: string;

      @Field(() => String)
      name!: string;
    }
    expect(() => inputSchema(HalfCheckedInput)).toThrow("HalfCheckedInput has fields without a rule: name.");
  });
});
