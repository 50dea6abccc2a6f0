import { randomUUID } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";
import { ErrorCode } from "../../shared/errors.js";
import type { StoredKey } from "../api-key/api-key.import.js";
import { UserStatus } from "../holder/user/user-status.js";
import { type Existing, readExisting, untracedKeyId } from "./import-existing.js";
import type { RawRow } from "./import-file.js";
import { ImportKind, ImportOutcome } from "./import-kind.js";
import type { ImportRowResult } from "./import-result.js";
import {
  duplicate,
  kindConflict,
  label,
  type Refusal,
  reference,
  referenceRefused,
  validate,
} from "./import-row-check.js";
import { type CollaboratorRow, type GroupEmailRow, type KeyRow, type ServiceRow, type UserRow } from "./import-rows.js";
import type { ImportWrites } from "./import-writes.js";

const KIND_ORDER = Object.values(ImportKind);

/** A holder as the file's later rows see it: stored, or created by an earlier row. */
interface KnownHolder {
  id: string;
  kind: "USER" | "GROUP";
  departed: boolean;
}

/** The decision for every row, and the writes that applying them takes. */
export interface ImportPlan {
  rows: ImportRowResult[];
  writes: ImportWrites;
}

const time = (d: Date | string | null) => (d === null ? null : new Date(d).getTime());

/**
 * Decides what each row does, reading what is stored in a fixed number of statements: rows are
 * matched by email (users, group emails), slug (services), (service, holder, role)
 * (collaborators) and digest — or, for a key without one, (holder, environment, name, prefix).
 * A row that cannot be imported is refused with a stable code, and so is every row that refers
 * to it. Writes nothing; with `lock` (in an apply's transaction) the holders and services it
 * reads stay as read until the transaction ends (see readExisting).
 */
export async function planImport(em: EntityManager, raw: RawRow[], now: Date, lock = false): Promise<ImportPlan> {
  const sorted = [...raw].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.row - b.row);
  const parsed = sorted.map((r) => ({ raw: r, ...validate(r) }));
  const emails: string[] = [];
  const slugs: string[] = [];
  const digests: string[] = [];
  const untraced: { holder: string; environment: string; name: string; prefix: string }[] = [];
  for (const p of parsed) {
    if (!p.value) continue;
    const v = p.value as Record<string, unknown>;
    for (const field of ["email", "holder"]) if (typeof v[field] === "string") emails.push(v[field] as string);
    if (Array.isArray(v.members)) emails.push(...(v.members as string[]));
    for (const field of ["slug", "service"]) if (typeof v[field] === "string") slugs.push(v[field] as string);
    if (typeof v.secretSha256 === "string") digests.push(v.secretSha256);
    else if (p.raw.kind === ImportKind.KEY) {
      const key = p.value as KeyRow;
      untraced.push({ holder: key.holder, environment: key.environment, name: key.name, prefix: key.prefix ?? "" });
    }
  }
  const existing = await readExisting(em, { emails, slugs, digests, untraced }, lock);
  return new Planner(existing, now).plan(parsed);
}

type Parsed = { raw: RawRow; value?: unknown; refusal?: Refusal };

class Planner {
  private readonly holders = new Map<string, KnownHolder>();
  /** Emails and slugs whose own row was refused: rows that refer to them are refused too. */
  private readonly refusedRefs = new Set<string>();
  private readonly services = new Map<string, { id: string; archived: boolean }>();
  private readonly seen = new Set<string>();
  /** Built when a group's members are first checked, once every user row has been read. */
  private departedIds: Set<string> | undefined;
  private readonly rows: ImportRowResult[] = [];
  private readonly writes: ImportWrites = {
    holders: [],
    renamedHolders: [],
    services: [],
    renamedServices: [],
    memberships: [],
    collaborators: [],
    keys: [],
    updatedKeys: [],
  };

  constructor(
    private readonly existing: Existing,
    private readonly now: Date,
  ) {
    for (const h of existing.holders.values())
      this.holders.set(h.email, { id: h.id, kind: h.kind, departed: h.status === UserStatus.DEPARTED });
    for (const s of existing.services.values()) this.services.set(s.slug, { id: s.id, archived: s.archived });
  }

  plan(parsed: Parsed[]): ImportPlan {
    for (const p of parsed) {
      const ref = reference(p.raw);
      const shown = label(p.raw);
      if (p.refusal) {
        if (ref) this.refusedRefs.add(ref);
        this.refuse(p.raw, shown, p.refusal);
        continue;
      }
      const outcome = this.decide(p.raw.kind, p.value);
      if ("code" in outcome) {
        if (ref && outcome.code !== ErrorCode.DUPLICATE_ROW) this.refusedRefs.add(ref);
        this.refuse(p.raw, shown, outcome);
      } else
        this.rows.push({
          kind: p.raw.kind,
          row: p.raw.row,
          reference: shown,
          ...outcome,
          code: null,
          field: null,
          message: null,
        });
    }
    return { rows: this.rows, writes: this.writes };
  }

  private refuse(raw: RawRow, reference: string | null, refusal: Refusal) {
    this.rows.push({ kind: raw.kind, row: raw.row, reference, outcome: ImportOutcome.REFUSED, id: null, ...refusal });
  }

  private decide(kind: ImportKind, value: unknown): { outcome: ImportOutcome; id: string } | Refusal {
    switch (kind) {
      case ImportKind.USER:
        return this.user(value as UserRow);
      case ImportKind.GROUP_EMAIL:
        return this.group(value as GroupEmailRow);
      case ImportKind.SERVICE:
        return this.service(value as ServiceRow);
      case ImportKind.COLLABORATOR:
        return this.collaborator(value as CollaboratorRow);
      case ImportKind.KEY:
        return this.key(value as KeyRow);
    }
  }

  /** True the first time a row with this identity is seen in the file. */
  private first(identity: string): boolean {
    if (this.seen.has(identity)) return false;
    this.seen.add(identity);
    return true;
  }

  private user(row: UserRow) {
    if (!this.first(`holder:${row.email}`)) return duplicate("email", "Another row already has this email.");
    const stored = this.existing.holders.get(row.email);
    if (!stored) {
      const id = randomUUID();
      this.holders.set(row.email, { id, kind: "USER", departed: row.status === UserStatus.DEPARTED });
      this.writes.holders.push({
        id,
        kind: "USER",
        email: row.email,
        name: row.name,
        status: row.status,
        departed_at: row.departedAt,
      });
      return { outcome: ImportOutcome.CREATED, id };
    }
    if (stored.kind !== "USER") return kindConflict("email", "is a group email here, not a user.");
    if (stored.status !== row.status || time(stored.departed_at) !== time(row.departedAt))
      return {
        code: ErrorCode.STATUS_CHANGE_REFUSED,
        field: "status",
        message: `The user is ${stored.status} here; a status changes only through offboarding.`,
      };
    if (stored.name === row.name) return { outcome: ImportOutcome.UNCHANGED, id: stored.id };
    this.writes.renamedHolders.push({ id: stored.id, name: row.name });
    return { outcome: ImportOutcome.UPDATED, id: stored.id };
  }

  private group(row: GroupEmailRow) {
    if (!this.first(`holder:${row.email}`)) return duplicate("email", "Another row already has this email.");
    const stored = this.existing.holders.get(row.email);
    if (stored && stored.kind !== "GROUP") return kindConflict("email", "is a user here, not a group email.");
    const members: string[] = [];
    for (const [i, email] of [...new Set(row.members)].entries()) {
      const member = this.holder(email, `members.${i}`);
      if ("code" in member) return member;
      if (member.kind !== "USER") return kindConflict(`members.${i}`, `${email} is a group email; members are users.`);
      members.push(member.id);
    }
    const id = stored?.id ?? randomUUID();
    const added = members.filter((m) => !this.existing.memberships.has(`${id}/${m}`));
    for (const [i, userId] of added.entries()) {
      if (this.isDeparted(userId))
        return {
          code: ErrorCode.USER_DEPARTED,
          field: `members.${i}`,
          message: "A departed user cannot join a group email.",
        };
    }
    for (const userId of added) this.writes.memberships.push({ group_id: id, user_id: userId });
    if (!stored) {
      this.holders.set(row.email, { id, kind: "GROUP", departed: false });
      this.writes.holders.push({
        id,
        kind: "GROUP",
        email: row.email,
        name: row.name,
        status: null,
        departed_at: null,
      });
      return { outcome: ImportOutcome.CREATED, id };
    }
    if (stored.name !== row.name) this.writes.renamedHolders.push({ id, name: row.name });
    return { outcome: stored.name !== row.name || added.length ? ImportOutcome.UPDATED : ImportOutcome.UNCHANGED, id };
  }

  private service(row: ServiceRow) {
    if (!this.first(`service:${row.slug}`)) return duplicate("slug", "Another row already has this slug.");
    const stored = this.existing.services.get(row.slug);
    if (!stored) {
      const id = randomUUID();
      this.services.set(row.slug, { id, archived: false });
      this.writes.services.push({ id, slug: row.slug, name: row.name });
      return { outcome: ImportOutcome.CREATED, id };
    }
    if (stored.name === row.name) return { outcome: ImportOutcome.UNCHANGED, id: stored.id };
    this.writes.renamedServices.push({ id: stored.id, name: row.name });
    return { outcome: ImportOutcome.UPDATED, id: stored.id };
  }

  private collaborator(row: CollaboratorRow) {
    if (!this.first(`role:${row.service}/${row.holder}/${row.role}`))
      return duplicate("role", "Another row gives the same role.");
    if (this.refusedRefs.has(`service:${row.service}`)) return referenceRefused("service", row.service);
    const service = this.services.get(row.service);
    if (!service)
      return {
        code: ErrorCode.SERVICE_NOT_FOUND,
        field: "service",
        message: "No service has this slug, here or in the file.",
      };
    const holder = this.holder(row.holder, "holder");
    if ("code" in holder) return holder;
    const key = `${service.id}/${holder.id}/${row.role}`;
    const stored = this.existing.collaborators.get(key);
    if (stored) return { outcome: ImportOutcome.UNCHANGED, id: stored };
    if (service.archived)
      return { code: ErrorCode.SERVICE_ARCHIVED, field: "service", message: "The service is archived." };
    if (holder.departed)
      return {
        code: ErrorCode.USER_DEPARTED,
        field: "holder",
        message: "A departed user cannot become a collaborator.",
      };
    const id = randomUUID();
    this.writes.collaborators.push({ id, service_id: service.id, holder_id: holder.id, role: row.role });
    return { outcome: ImportOutcome.CREATED, id };
  }

  private key(row: KeyRow) {
    const holder = this.holder(row.holder, "holder");
    const prefix = row.prefix ?? "";
    const identity = row.secretSha256 ?? untracedKeyId(row.holder, row.environment, row.name, prefix);
    if (!this.first(`key:${identity}`))
      return duplicate(row.secretSha256 ? "secretSha256" : "name", "Another row describes the same key.");
    if ("code" in holder) return holder;
    const stored: StoredKey | undefined = row.secretSha256
      ? this.existing.keysByDigest.get(row.secretSha256)
      : this.existing.untracedKeys.get(untracedKeyId(holder.id, row.environment, row.name, prefix));
    if (!stored) {
      const id = randomUUID();
      this.writes.keys.push({
        imported_as: row.secretSha256 ?? untracedKeyId(holder.id, row.environment, row.name, prefix),
        id,
        name: row.name,
        environment: row.environment,
        holder_id: holder.id,
        prefix,
        secret_digest: row.secretSha256,
        created_at: row.createdAt ?? this.now,
        expires_at: row.expiresAt,
        last_used_at: row.lastUsedAt,
      });
      return { outcome: ImportOutcome.CREATED, id };
    }
    if (stored.holder_id !== holder.id)
      return {
        code: ErrorCode.KEY_HOLDER_DIFFERS,
        field: "holder",
        message: "The key has another holder here; move it with a reassignment, not an import.",
      };
    if (stored.environment !== row.environment)
      return {
        code: ErrorCode.KEY_ENVIRONMENT_DIFFERS,
        field: "environment",
        message: `The key is a ${stored.environment} key here.`,
      };
    // Keyholder may have seen the key used since the file was written: last use only moves forward.
    const lastUsed = time(row.lastUsedAt) !== null && (time(stored.last_used_at) ?? 0) < (time(row.lastUsedAt) ?? 0);
    // An expiry the file does not state (an empty cell, a CSV without the column) is not "never":
    // the stored one stands, so a re-import cannot make a key immortal by leaving a column out.
    const expiresAt = row.expiresAt ?? stored.expires_at;
    if (stored.name === row.name && time(stored.expires_at) === time(expiresAt) && !lastUsed)
      return { outcome: ImportOutcome.UNCHANGED, id: stored.id };
    this.writes.updatedKeys.push({
      id: stored.id,
      name: row.name,
      expires_at: expiresAt,
      last_used_at: row.lastUsedAt,
    });
    return { outcome: ImportOutcome.UPDATED, id: stored.id };
  }

  /** The holder an email refers to: stored, or created by an earlier row of the file. */
  private holder(email: string, field: string): KnownHolder | Refusal {
    if (this.refusedRefs.has(`holder:${email}`)) return referenceRefused(field, email);
    return (
      this.holders.get(email) ?? {
        code: ErrorCode.HOLDER_NOT_FOUND,
        field,
        message: `No user or group email is ${email}, here or in the file.`,
      }
    );
  }

  private isDeparted(id: string): boolean {
    if (!this.departedIds) {
      this.departedIds = new Set();
      for (const h of this.holders.values()) if (h.departed) this.departedIds.add(h.id);
    }
    return this.departedIds.has(id);
  }
}
