import { assertObjectType, graphql } from "graphql";
import {
  Arg,
  Authorized,
  buildSchema,
  Ctx,
  Field,
  FieldResolver,
  ObjectType,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { describe, expect, it } from "vitest";
import { keyholderSchema } from "../composition/schema.js";
import { isLeanResolver, leanFieldResolvers } from "./lean-resolvers.js";

@ObjectType("LeanThing")
class Thing {
  @Field()
  name!: string;
}

@Resolver(() => Thing)
class ThingResolver {
  constructor(private readonly suffix = "") {}

  @Query(() => Thing)
  thing(): Thing {
    return Object.assign(new Thing(), { name: "t" });
  }

  @FieldResolver(() => String)
  label(@Root() thing: Thing, @Ctx() ctx: { greeting: string }): string {
    return `${ctx.greeting} ${thing.name}${this.suffix}`;
  }

  @FieldResolver(() => String)
  reversed(@Ctx() ctx: { greeting: string }, @Root() thing: Thing): string {
    return `${thing.name} ${ctx.greeting}`;
  }

  @FieldResolver(() => String, { nullable: true })
  failing(@Root() _thing: Thing): string {
    throw new Error("refused");
  }

  @Authorized("ADMIN")
  @FieldResolver(() => String)
  secret(@Root() thing: Thing): string {
    return thing.name;
  }

  @FieldResolver(() => String)
  padded(@Root() thing: Thing, @Arg("width") width: number): string {
    return thing.name.padStart(width);
  }
}

describe("leanFieldResolvers", () => {
  it("calls the hot field resolvers of the keys page directly, without type-graphql's per-call wrapper", async () => {
    const fields = assertObjectType((await keyholderSchema()).getType("ApiKey")).getFields();
    for (const name of ["holder", "status", "worksOn"]) expect(isLeanResolver(fields[name]?.resolve), name).toBe(true);
  });

  it("answers as type-graphql does, and leaves resolvers with roles or arguments to it", async () => {
    const schema = await buildSchema({
      resolvers: [ThingResolver],
      validate: false,
      authChecker: () => false,
      authMode: "error",
      container: { get: () => instance },
    });
    const instance = new ThingResolver("!");
    const fields = assertObjectType(schema.getType("LeanThing")).getFields();
    const query = "{ thing { name label reversed failing padded(width: 3) } }";
    const before = await graphql({ schema, source: query, contextValue: { greeting: "hi" } });

    leanFieldResolvers(schema, [ThingResolver], () => instance);

    expect(["label", "reversed", "failing"].map((f) => isLeanResolver(fields[f]?.resolve))).toEqual([true, true, true]);
    expect(isLeanResolver(fields.secret?.resolve)).toBe(false);
    expect(isLeanResolver(fields.padded?.resolve)).toBe(false);
    const after = await graphql({ schema, source: query, contextValue: { greeting: "hi" } });
    expect(after).toEqual(before);
    expect(after.data?.thing).toEqual({ name: "t", label: "hi t!", reversed: "t hi", failing: null, padded: "  t" });
    expect(after.errors?.map((e) => e.message)).toEqual(["refused"]);
    const refused = await graphql({ schema, source: "{ thing { secret } }", contextValue: { greeting: "hi" } });
    expect(refused.errors?.[0]?.message).toMatch(/Access denied/);
  });
});
