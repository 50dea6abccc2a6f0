import { ApolloServer, type ApolloServerOptionsWithGateway, type BaseContext } from "@apollo/server";
import { buildSchema } from "graphql";
import { describe, expect, it } from "vitest";

type Gateway = ApolloServerOptionsWithGateway<BaseContext>["gateway"];
/** What the executor is given as `response.http`. */
interface ResponseHttp {
  status?: number;
  headers: { set(name: string, value: string): void };
}

// ADR 0017: Apollo's gateway request context gets `response.http.status` from a class's
// accessors, not from a getter/setter pair made (in V8's old generation) for every operation.
describe("the gateway request context Apollo hands an executor", () => {
  it("reads and writes Apollo's own status, through an accessor of its prototype", async () => {
    const schema = buildSchema("type Query { ok: Boolean }");
    const seen: ResponseHttp[] = [];
    const gateway: Gateway = {
      async load() {
        return {
          executor: async ({ response }) => {
            const http = response?.http;
            if (!http) throw new Error("the executor was given no response.http");
            seen.push(http);
            expect(http.status).toBeUndefined();
            http.status = 503;
            expect(http.status).toBe(503);
            http.headers.set("x-from-executor", "yes");
            return { data: { ok: true } };
          },
        };
      },
      onSchemaLoadOrUpdate(callback) {
        callback({ apiSchema: schema, coreSupergraphSdl: "" });
        return () => {};
      },
      async stop() {},
    };
    const apollo = new ApolloServer({ gateway });
    await apollo.start();
    try {
      for (let i = 0; i < 2; i++) {
        const answer = await apollo.executeOperation({ query: "{ ok }" });
        expect(answer.http.status).toBe(503);
        expect(answer.http.headers.get("x-from-executor")).toBe("yes");
        expect(answer.body).toEqual({ kind: "single", singleResult: { data: { ok: true } } });
      }
    } finally {
      await apollo.stop();
    }
    const [first, second] = seen as [ResponseHttp, ResponseHttp];
    // Not an accessor of each object: one, on the prototype both share.
    expect(Object.getOwnPropertyDescriptor(first, "status")).toBeUndefined();
    const prototype = Object.getPrototypeOf(first) as object;
    expect(typeof Object.getOwnPropertyDescriptor(prototype, "status")?.get).toBe("function");
    expect(Object.getPrototypeOf(second)).toBe(prototype);
  });
});
