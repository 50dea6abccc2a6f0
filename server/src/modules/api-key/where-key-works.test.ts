import { describe, expect, it } from "vitest";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { Sql } from "../../shared/sql.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { useTestApi } from "../../test-support/graphql.js";
import { keyIsActive } from "./api-key.conditions.js";
import { ApiKeyStatus } from "./api-key-status.js";
import { isLiveBilling, keyWorksOnServiceSql, whereKeyWorks, worksOn, worksOnSlugsSql } from "./where-key-works.js";

let db: TestDatabase;
useTestApi((test) => ({ db } = test));

describe("where a key works", () => {
  it("is the same in SQL and in TypeScript: Billing only, unarchived services only, active keys only", async () => {
    const em = db.em();
    const make = factories(em);
    const [fines, archived, permits, parking] = [
      await make.service({ slug: "fines" }),
      await make.service({ slug: "old-fines", archivedAt: new Date() }),
      await make.service({ slug: "permits" }),
      await make.service({ slug: "parking" }),
    ];
    const alice = await make.user();
    const group = await make.group();
    const bob = await make.user();
    await make.collaborator(fines, alice);
    await make.collaborator(permits, alice);
    await make.collaborator(archived, alice);
    await make.collaborator(parking, alice, CollaboratorRole.VIEWER);
    await make.collaborator(parking, group);
    await make.collaborator(fines, bob, CollaboratorRole.ADMIN);
    const live = await make.key(alice);
    const revoked = await make.key(alice, { revokedAt: new Date() });
    const expired = await make.key(alice, { expiresAt: new Date(Date.now() - 1000) });
    const groupKey = await make.key(group);
    const now = new Date();

    // SQL: each holder's services, and the keys that work on each service.
    const bySql = new Map<string, string[]>();
    for (const holder of [alice, group, bob]) {
      const [row] = await em.execute<{ slugs: string[] }[]>(
        `select ${worksOnSlugsSql("h.id", "array")} as slugs from holder h where h.id = ?`,
        [holder.id],
      );
      bySql.set(holder.id, row?.slugs ?? []);
    }
    // TypeScript: the same from the collaborations themselves.
    const collaborations = await em.execute<{ holder_id: string; slug: string; role: string; archived: boolean }[]>(
      `select c.holder_id, s.slug, c.role, s.archived_at is not null as archived
         from collaborator c join service s on s.id = c.service_id order by s.slug`,
    );
    for (const holder of [alice, group, bob]) {
      const twin = collaborations.filter((c) => c.holder_id === holder.id && isLiveBilling(c)).map((c) => c.slug);
      expect(bySql.get(holder.id), holder.email).toEqual(twin);
    }
    expect(bySql.get(alice.id)).toEqual(["fines", "permits"]);
    expect(bySql.get(group.id)).toEqual(["parking"]);
    expect(bySql.get(bob.id)).toEqual([]);

    const working = async (serviceId: string) => {
      const condition = keyWorksOnServiceSql(new Sql("?", [serviceId]), keyIsActive(now));
      const rows = await em.execute<{ id: string }[]>(
        `select k.id from api_key k where ${condition.text} order by k.id`,
        [...condition.params],
      );
      return rows.map((r) => r.id);
    };
    expect(await working(fines.id)).toEqual([live.id]);
    expect(await working(permits.id)).toEqual([live.id]);
    expect(await working(archived.id)).toEqual([]);
    expect(await working(parking.id)).toEqual([groupKey.id]);

    for (const key of [live, revoked, expired]) {
      const active = key.statusAt(now) === ApiKeyStatus.ACTIVE;
      const slugs = whereKeyWorks(active, bySql.get(alice.id) as string[]);
      expect(slugs, key.name).toEqual(key === live ? ["fines", "permits"] : []);
      expect(worksOn(new Set(slugs), "fines"), key.name).toBe(key === live);
    }
  });
});
