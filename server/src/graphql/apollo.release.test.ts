import type { ApolloServerPlugin, GraphQLRequestContext } from "@apollo/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyholderSchema } from "../composition/schema.js";
import { createHttpServer } from "../http/server.js";
import { createLogger } from "../logger.js";
import { createRequestContext, type RequestContext, releaseRequest } from "../shared/request-context.js";
import { Role } from "../shared/role.js";
import { issueTestToken } from "../test-support/auth.js";
import { type TestDatabase, useTestDatabase } from "../test-support/database.js";
import { factories } from "../test-support/factories.js";
import { capturingLogger } from "../test-support/log.js";
import { createApollo } from "./apollo.js";

let db: TestDatabase;
useTestDatabase((created) => {
  db = created;
});

/** A key whose holder is Billing on a service `slug`: a page of it reads its holder and services. */
async function aKeyWorkingOn(slug: string): Promise<string> {
  const f = factories(db.em());
  const holder = await f.user();
  await f.collaborator(await f.service({ slug }), holder);
  return (await f.key(holder)).id;
}

// After the answer is written, nothing Apollo keeps of a request may reach the answer or the
// request's context: whatever a dead object of the old generation reaches survives young
// collections (Apollo's gateway context had such an object: `apollo.patch.test.ts`).
describe("a request once answered", () => {
  const seen: GraphQLRequestContext<RequestContext>[] = [];
  const witness: ApolloServerPlugin<RequestContext> = {
    async requestDidStart(requestContext) {
      seen.push(requestContext);
    },
  };
  let apollo: ReturnType<typeof createApollo>;

  beforeAll(async () => {
    apollo = createApollo({ schema: await keyholderSchema(), production: true, plugins: [witness] });
    await apollo.start();
  });
  afterAll(async () => {
    await apollo.stop();
  });

  it("leaves Apollo's request context without the answer or the request, and the context empty", async () => {
    const id = await aKeyWorkingOn("kept-nowhere");
    const ctx = createRequestContext({
      em: db.orm.em,
      requestId: "released",
      log: createLogger("silent"),
      principal: {
        userId: null,
        email: "admin@example.org",
        role: Role.ADMIN,
        credentialKind: "TOKEN",
        credentialId: null,
      },
    });

    const answer = await apollo.executeOperation(
      {
        query: "query Both($id: ID!) { apiKeys(first: 5) { nodes { id worksOn { slug } } } apiKey(id: $id) { name } }",
        variables: { id },
      },
      { contextValue: ctx },
    );
    expect(answer.body.kind === "single" && answer.body.singleResult.errors).toBeUndefined();
    const [kept] = seen.splice(0);
    if (!kept) throw new Error("Apollo started no request");
    // Before: Apollo holds the answer and the request, the loaders what the page read, and the
    // entity manager the key read by id.
    const identityMap = () => ctx.em.getUnitOfWork().getIdentityMap().values().length;
    expect(kept.response.body).toBeDefined();
    expect(kept.request.variables).toEqual({ id });
    expect(ctx.loaders.size).toBeGreaterThan(0);
    expect(identityMap()).toBeGreaterThan(0);

    releaseRequest(ctx);
    // Apollo's copies of its request context still reach the context (or a shallow copy of it
    // sharing its objects): what they hold is emptied instead.
    expect(kept.response.body).toBeUndefined();
    expect([kept.request.http, kept.request.variables]).toEqual([undefined, undefined]);
    expect(kept.contextValue.loaders).toBe(ctx.loaders);
    expect([ctx.loaders.size, identityMap(), ctx.releases.length]).toEqual([0, 0, 0]);
    expect([ctx.session, ctx.signInThrottle, ctx.answerBudget]).toEqual([undefined, undefined, undefined]);
  });
});

describe("the GraphQL route", () => {
  it("lets go of each request's context once its answer is written", async () => {
    await aKeyWorkingOn("released-over-http");
    const { token } = await issueTestToken(db.em(), Role.ADMIN);
    const app = await createHttpServer({
      orm: db.orm,
      logger: capturingLogger().logger,
      production: true,
      authSettings: { sessionIdleMs: 60_000, sessionMaxMs: 3_600_000 },
    });
    // What the context still holds when Fastify has sent the answer.
    const after: { loaders: number; releases: number; session: boolean }[] = [];
    app.addHook("onResponse", async (request) => {
      const ctx = request.graphqlContext;
      if (ctx) after.push({ loaders: ctx.loaders.size, releases: ctx.releases.length, session: !!ctx.session });
    });
    await app.ready();
    try {
      const response = await app.inject({
        method: "POST",
        url: "/graphql",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        payload: { query: "{ apiKeys(first: 5) { nodes { id worksOn { slug } } } }" },
      });
      expect(response.json()).toEqual({
        data: { apiKeys: { nodes: [{ id: expect.any(String), worksOn: [{ slug: "released-over-http" }] }] } },
      });
      expect(after).toEqual([{ loaders: 0, releases: 0, session: false }]);
    } finally {
      await app.close();
    }
  });
});
