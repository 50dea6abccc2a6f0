import { assertObjectType, type GraphQLResolveInfo, graphql, parse } from "graphql";
import { compileQuery, isCompiledQuery } from "graphql-jit";
import {
  Arg,
  Authorized,
  buildSchema,
  Ctx,
  Field,
  FieldResolver,
  Info,
  type MiddlewareFn,
  ObjectType,
  Query,
  Resolver,
  Root,
  UseMiddleware,
} from "type-graphql";
import { describe, expect, it } from "vitest";
import { keyholderSchema } from "../composition/schema.js";
import { isLeanResolver, leanFieldResolvers, RESOLVE_INFO_UNREAD } from "./lean-resolvers.js";

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

  @FieldResolver(() => String)
  where(@Root() thing: Thing, @Info() info: GraphQLResolveInfo): string {
    return `${thing.name} at ${info.parentType.name}.${info.fieldName}`;
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

/** A thing whose field resolvers are all guarded by their class: by a role, by any role, by a middleware. */
@ObjectType("LeanGuardedThing")
class GuardedThing {
  @Field()
  name!: string;
}

interface GuardedContext {
  roles: string[];
  /** Each call of the class's middleware, by field. */
  seen: string[];
}

@Resolver(() => GuardedThing)
class GuardedThingQuery {
  @Query(() => GuardedThing)
  guarded(): GuardedThing {
    return Object.assign(new GuardedThing(), { name: "g" });
  }
}

@Authorized("ADMIN")
@Resolver(() => GuardedThing)
class AdminOnlyResolver {
  @FieldResolver(() => String, { nullable: true })
  forAdmins(@Root() thing: GuardedThing): string {
    return `admin ${thing.name}`;
  }
}

@Authorized()
@Resolver(() => GuardedThing)
class SignedInResolver {
  @FieldResolver(() => String, { nullable: true })
  forAnyone(@Root() thing: GuardedThing, @Ctx() _ctx: GuardedContext): string {
    return `anyone ${thing.name}`;
  }
}

/** Records each call and answers the field's value in capitals, so that a call around it shows. */
const Shouting: MiddlewareFn<GuardedContext> = async ({ context, info }, next) => {
  context.seen.push(info.fieldName);
  return String(await next()).toUpperCase();
};

@UseMiddleware(Shouting)
@Resolver(() => GuardedThing)
class ShoutingResolver {
  @FieldResolver(() => String)
  shouted(@Root() thing: GuardedThing): string {
    return `shout ${thing.name}`;
  }
}

describe("leanFieldResolvers", () => {
  it("calls the hot field resolvers of the keys page directly, without type-graphql's per-call wrapper", async () => {
    const fields = assertObjectType((await keyholderSchema()).getType("ApiKey")).getFields();
    for (const name of ["holder", "status", "worksOn"]) {
      expect(isLeanResolver(fields[name]?.resolve), name).toBe(true);
      // None reads its resolve info: graphql-jit calls them without building one.
      expect(Reflect.get(fields[name]?.resolve ?? {}, RESOLVE_INFO_UNREAD), name).toBe(true);
    }
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
    const query = "{ thing { name label reversed failing where padded(width: 3) } }";
    const before = await graphql({ schema, source: query, contextValue: { greeting: "hi" } });

    leanFieldResolvers(schema, [ThingResolver], () => instance);

    expect(["label", "reversed", "failing", "where"].map((f) => isLeanResolver(fields[f]?.resolve))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    // Only the one that takes `@Info()` is told its resolve info.
    expect(
      ["label", "reversed", "failing", "where"].map((f) => Reflect.get(fields[f]?.resolve ?? {}, RESOLVE_INFO_UNREAD)),
    ).toEqual([true, true, true, undefined]);
    expect(isLeanResolver(fields.secret?.resolve)).toBe(false);
    expect(isLeanResolver(fields.padded?.resolve)).toBe(false);
    const after = await graphql({ schema, source: query, contextValue: { greeting: "hi" } });
    expect(after).toEqual(before);
    expect(after.data?.thing).toEqual({
      name: "t",
      label: "hi t!",
      reversed: "t hi",
      failing: null,
      where: "t at LeanThing.where",
      padded: "  t",
    });
    // graphql-jit (as patched) answers the same, the info-reading resolver with its info.
    const compiled = compileQuery(schema, parse(query));
    if (!isCompiledQuery(compiled)) throw new Error("did not compile");
    const jit = await compiled.query({}, { greeting: "hi" }, {});
    expect(jit.data).toEqual(after.data);
    expect(jit.errors?.map((e) => e.message)).toEqual(["refused"]);
    expect(after.errors?.map((e) => e.message)).toEqual(["refused"]);
    const refused = await graphql({ schema, source: "{ thing { secret } }", contextValue: { greeting: "hi" } });
    expect(refused.errors?.[0]?.message).toMatch(/Access denied/);
  });
  it("leaves to type-graphql the field resolvers of a class that requires roles or uses a middleware", async () => {
    const resolvers = [GuardedThingQuery, AdminOnlyResolver, SignedInResolver, ShoutingResolver] as const;
    const instances = new Map<unknown, object>(resolvers.map((r) => [r, new r()]));
    const checked: string[][] = [];
    const schema = await buildSchema({
      resolvers,
      validate: false,
      authChecker: ({ context }: { context: GuardedContext }, roles) => {
        checked.push(roles);
        return context.roles.length > 0 && roles.every((role) => context.roles.includes(role));
      },
      authMode: "error",
      container: { get: (type) => instances.get(type)! },
    });
    leanFieldResolvers(schema, resolvers, (type) => instances.get(type)!);

    const fields = assertObjectType(schema.getType("LeanGuardedThing")).getFields();
    expect(["forAdmins", "forAnyone", "shouted"].map((f) => isLeanResolver(fields[f]?.resolve))).toEqual([
      false,
      false,
      false,
    ]);
    const ask = async (roles: string[]) => {
      const contextValue: GuardedContext = { roles, seen: [] };
      const res = await graphql({
        schema,
        source: "{ guarded { name forAdmins forAnyone shouted } }",
        contextValue,
      });
      const refused = (res.errors ?? []).map((e) => `${e.path?.join(".")}: ${e.message}`).sort();
      return { data: res.data?.guarded, refused, seen: contextValue.seen };
    };
    // Without a role both role checks refuse; the middleware runs around its field, whatever the roles.
    expect(await ask([])).toEqual({
      data: { name: "g", forAdmins: null, forAnyone: null, shouted: "SHOUT G" },
      refused: [
        expect.stringMatching(/^guarded.forAdmins: Access denied/),
        expect.stringMatching(/^guarded.forAnyone: Access denied/),
      ],
      seen: ["shouted"],
    });
    expect(checked.sort()).toEqual([[], ["ADMIN"]]);
    expect(await ask(["VIEWER"])).toEqual({
      data: { name: "g", forAdmins: null, forAnyone: "anyone g", shouted: "SHOUT G" },
      refused: [expect.stringMatching(/^guarded.forAdmins: Access denied/)],
      seen: ["shouted"],
    });
    expect(await ask(["ADMIN"])).toEqual({
      data: { name: "g", forAdmins: "admin g", forAnyone: "anyone g", shouted: "SHOUT G" },
      refused: [],
      seen: ["shouted"],
    });
  });
});
