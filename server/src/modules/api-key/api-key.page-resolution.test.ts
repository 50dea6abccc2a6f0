import { describe, expect, it } from "vitest";
import { createLogger } from "../../logger.js";
import { AnswerBudget, counted } from "../../shared/answer-budget.js";
import { createRequestContext } from "../../shared/request-context.js";
import { type TestDatabase, useTestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { holderOfKey, listApiKeys, servicesKeyWorksOn } from "./api-key.service.js";

let db: TestDatabase;
useTestDatabase((created) => {
  db = created;
});

const context = () => createRequestContext({ em: db.orm.em, requestId: "page", log: createLogger("silent") });

// What a page of keys resolves for `holder` and `worksOn` was read with the page: each key's
// fields are answered at once, with no promise for GraphQL to wait on per key (a promise each,
// and the loader's batch tick, were a large part of the keys page's CPU and garbage).
describe("a listed page's holder and worksOn", () => {
  it("are answered at once from what the page's statement read", async () => {
    const f = factories(db.em());
    const holder = await f.user();
    const service = await f.service({ slug: "billing-here" });
    await f.collaborator(service, holder);
    await f.key(holder);
    const ctx = context();

    const [key] = (await listApiKeys(ctx, {}, { first: 10 })).nodes;
    if (!key) throw new Error("no key listed");

    const holderAnswer = holderOfKey(ctx, key);
    expect(holderAnswer).not.toBeInstanceOf(Promise);
    expect(holderAnswer).toMatchObject({ id: holder.id, email: holder.email });
    const worksOn = servicesKeyWorksOn(ctx, key);
    expect(worksOn).not.toBeInstanceOf(Promise);
    expect((worksOn as { slug: string }[]).map((s) => s.slug)).toEqual(["billing-here"]);
    expect(counted(ctx, worksOn)).toBe(worksOn);
  });

  it("a key read on its own still gets its services through the loader", async () => {
    const f = factories(db.em());
    const holder = await f.user();
    const service = await f.service({ slug: "loaded" });
    await f.collaborator(service, holder);
    const key = await f.key(holder);

    const worksOn = servicesKeyWorksOn(context(), key);
    expect(worksOn).toBeInstanceOf(Promise);
    expect((await worksOn).map((s) => s.slug)).toEqual(["loaded"]);
  });

  it("count against the answer's budget whether at hand or promised", async () => {
    const ctx = { answerBudget: new AnswerBudget(3) };
    expect(counted(ctx, [1, 2])).toEqual([1, 2]);
    await expect(counted(ctx, Promise.resolve([3, 4]))).rejects.toMatchObject({ code: "RESPONSE_TOO_LARGE" });
    expect(() => counted(ctx, [])).toThrow(/more than 3 items/);
  });
});
