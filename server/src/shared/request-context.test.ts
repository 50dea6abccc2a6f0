import { EntityManager } from "@mikro-orm/postgresql";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../logger.js";
import { User } from "../modules/holder/user/user.entity.js";
import type { TestDatabase } from "../test-support/database.js";
import { factories } from "../test-support/factories.js";
import { graphql, type TestApi, useTestApi } from "../test-support/graphql.js";
import { verifyOverHttp } from "../test-support/keys.js";
import { createRequestContext, forkOnUse, releaseRequest } from "./request-context.js";
import { Role } from "./role.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));
afterEach(() => vi.restoreAllMocks());

const KEYS_PAGE = graphql(`
  query ForkKeysPage {
    apiKeys(first: 50) { nodes { id name status holder { __typename id email } worksOn { slug } } }
  }
`);
const HOLDERS = graphql(`query ForkHolders { holders(first: 5) { nodes { id email } } }`);
const CREATE_SERVICE = graphql(`
  mutation ForkCreateService($input: CreateServiceInput!) {
    createService(input: $input) { service { slug } errors { code } }
  }
`);

describe("a request's entity manager", () => {
  it("is not forked for a keys page read by a caller whose token is cached, and once for a request that needs the ORM", async () => {
    const f = factories(db.em());
    const [alice, fines] = [await f.user(), await f.service({ slug: "fines" })];
    await f.collaborator(fines, alice);
    await f.keys([{ holder: alice, name: "ci" }]);
    await api.tokenFor(Role.ADMIN);
    // The first request looks the token up (a read through the ORM): its context forks.
    const fork = vi.spyOn(db.orm.em, "fork");
    const first = await api.gql(KEYS_PAGE);
    expect(first.errors).toBeUndefined();
    expect(fork).toHaveBeenCalledTimes(1);
    fork.mockClear();

    const page = await api.gql(KEYS_PAGE);
    expect(page.errors).toBeUndefined();
    expect(page.data?.apiKeys.nodes).toEqual([
      expect.objectContaining({
        name: "ci",
        status: "ACTIVE",
        holder: expect.objectContaining({ email: alice.email }),
      }),
    ]);
    expect(page.data?.apiKeys.nodes[0]?.worksOn).toEqual([{ slug: "fines" }]);
    expect(fork).not.toHaveBeenCalled();

    // The holders list is read as rows too.
    const holders = await api.gql(HOLDERS);
    expect(holders.errors).toBeUndefined();
    expect(holders.data?.holders.nodes.length).toBeGreaterThan(0);
    expect(fork).not.toHaveBeenCalled();

    // A write goes through the ORM: one fork for the whole request.
    const created = await api.gql(CREATE_SERVICE, { input: { slug: "permits", name: "Permits" } });
    expect(created.data?.createService).toEqual({ service: { slug: "permits" }, errors: [] });
    expect(fork).toHaveBeenCalledTimes(1);
  });

  it("is not forked by the verify route for a caller whose token is cached", async () => {
    await factories(db.em()).service({ slug: "fines" });
    const first = await verifyOverHttp(api, { secret: "nothing-like-a-key", service: "fines" });
    expect(first.status).toBe(200);
    const fork = vi.spyOn(db.orm.em, "fork");
    const again = await verifyOverHttp(api, { secret: "nothing-like-a-key", service: "fines" });
    expect(again.body).toEqual(first.body);
    expect(fork).not.toHaveBeenCalled();
  });

  it("answers what it shares with the root before forking, and all else from one fork of its own", async () => {
    const root = db.orm.em;
    const alice = await factories(db.em()).user();
    const fork = vi.spyOn(root, "fork");
    const em = forkOnUse(root);
    expect(em).toBeInstanceOf(EntityManager);
    expect(em.getConnection()).toBe(root.getConnection());
    expect(em.getPlatform()).toBe(root.getPlatform());
    expect(em.getMetadata()).toBe(root.getMetadata());
    expect(em.config).toBe(root.config);
    expect(em.getDriver()).toBe(root.getDriver());
    expect(em.getTransactionContext()).toBeUndefined();
    em.clear();
    // Neither returned from a promise nor awaited does it fork.
    expect("then" in em).toBe(false);
    expect(await Promise.resolve(em)).toBe(em);
    expect(em.constructor).toBe(root.constructor);
    // Functions taken before the fork ask the fork once there is one.
    const { getTransactionContext, clear } = em;
    expect(fork).not.toHaveBeenCalled();

    const found = await em.findOneOrFail(User, alice.id);
    expect(fork).toHaveBeenCalledTimes(1);
    // Its identity map is its own: the same entity again, and none in the root's.
    expect(await em.findOneOrFail(User, alice.id)).toBe(found);
    expect(fork).toHaveBeenCalledTimes(1);
    expect(em.getUnitOfWork().getIdentityMap().values()).toContain(found);
    expect(root.getUnitOfWork(false).getIdentityMap().values()).not.toContain(found);
    // A change is flushed through the fork, in a transaction of its own.
    await em.transactional(async (tx) => {
      expect(tx.getTransactionContext()).toBeDefined();
      (await tx.findOneOrFail(User, alice.id)).name = "Alice Renamed";
    });
    await em.begin();
    expect(getTransactionContext()).toBeDefined();
    await em.rollback();
    expect(getTransactionContext()).toBeUndefined();
    // Cleared, it forgets what it read, and stays the same fork.
    clear();
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
    expect(fork).toHaveBeenCalledTimes(1);
    expect((await db.em().findOneOrFail(User, alice.id)).name).toBe("Alice Renamed");
    // A method is the same bound function each time it is asked for.
    expect(em.find).toBe(em.find);
  });

  it("is released without forking when the request never used it, and lets its fork go when it did", async () => {
    const fork = vi.spyOn(db.orm.em, "fork");
    const unused = createRequestContext({ em: db.orm.em, requestId: "r-1", log: createLogger("silent") });
    releaseRequest(unused);
    expect(fork).not.toHaveBeenCalled();

    const alice = await factories(db.em()).user();
    fork.mockClear();
    const used = createRequestContext({ em: db.orm.em, requestId: "r-2", log: createLogger("silent") });
    const read = await used.em.findOneOrFail(User, alice.id);
    const unitOfWork = used.em.getUnitOfWork();
    releaseRequest(used);
    expect(fork).toHaveBeenCalledTimes(1);
    // Its identity map is emptied, and the fork is no longer the context's.
    expect(unitOfWork.getIdentityMap().values()).not.toContain(read);
    expect(used.em.getUnitOfWork()).not.toBe(unitOfWork);
    expect(fork).toHaveBeenCalledTimes(2);
  });
});
