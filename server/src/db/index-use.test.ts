import type { TadaDocumentNode } from "@keyholder/graphql";
import { print } from "graphql";
import { describe, expect, it } from "vitest";
import { isLastAdmin } from "../modules/auth/console-access.service.js";
import { adminEmails } from "../modules/notify/notices.js";
import type { TestDatabase } from "../test-support/database.js";
import { graphql, type TestApi, useTestApi, type VariablesOf } from "../test-support/graphql.js";
import { recordStatements } from "../test-support/statements.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test), { reset: false });

const KEYS = 40_000;
const HOLDERS = 4_000;
const SERVICES = 400;

/** A deterministic uuid from a text expression. */
const uuidOf = (text: string) => `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;

/**
 * Enough rows, shaped like the bench's registry (groups, departed users, Billing roles, revoked,
 * expired and expiring keys, some used), for the planner to choose as it does at scale.
 */
const SEED = [
  `insert into holder (id, kind, email, name, status, departed_at)
   select ${uuidOf("'h' || n")}, case when n % 5 = 0 then 'GROUP' else 'USER' end,
          'holder' || n || '@agency.gov.example', 'Holder ' || n,
          case when n % 5 = 0 then null when n % 13 = 0 then 'DEPARTED' else 'ACTIVE' end,
          case when n % 5 <> 0 and n % 13 = 0 then now() - interval '30 days' end
     from generate_series(1, ${HOLDERS}) n`,
  `insert into service (id, slug, name, archived_at)
   select ${uuidOf("'s' || n")}, 'service-' || n, 'Service ' || n, case when n % 25 = 0 then now() end
     from generate_series(1, ${SERVICES}) n`,
  `insert into collaborator (id, service_id, holder_id, role)
   select ${uuidOf("'c' || h || '-' || j")}, ${uuidOf(`'s' || ((h * 37 + j * 211) % ${SERVICES} + 1)`)}, ${uuidOf("'h' || h")}, 'BILLING'
     from generate_series(1, ${HOLDERS}) h, generate_series(0, 2) j where j <= h % 3`,
  // Two active members in most group emails; one group in 20 has none, one in 20 a departed one.
  `insert into group_membership (group_id, user_id)
   select ${uuidOf("'h' || g")}, ${uuidOf("'h' || u")}
     from generate_series(5, ${HOLDERS}, 5) g, lateral (values (g + 1), (g + 2)) m(u)
    where g % 100 <> 0 and (g % 100 <> 50 or u = g + 1)`,
  // As the bench's generator: one key every 26 minutes going back two years, one in 11 revoked, one
  // in 8 expired a day after creation, one in 8 expiring within a year, one in 3 used an hour in.
  `insert into api_key (id, name, environment, holder_id, prefix, secret_digest, created_at, expires_at, revoked_at,
                        revoked_reason, last_used_at)
   select ${uuidOf("'k' || n")}, 'Key ' || n, case when n % 3 = 0 then 'STAGING' else 'PRODUCTION' end,
          ${uuidOf(`'h' || ((n * 7919) % ${HOLDERS} + 1)`)},
          case when n % 3 = 0 then 'kh_test_' else 'kh_live_' end || substr(md5('p' || n), 1, 6),
          encode(sha256(('secret-' || n)::bytea), 'hex'), created,
          case n % 8 when 0 then created + interval '1 day' when 4 then now() + make_interval(days => 1 + n % 365) end,
          case when n % 11 = 0 then created + interval '1 day' end, case when n % 11 = 0 then 'rotated out' end,
          case when n % 3 = 0 then created + interval '1 hour' end
     from generate_series(1, ${KEYS}) n,
          lateral (select now() - interval '2 days' - make_interval(mins => (${KEYS} - n) * 26) as created) c`,
  // Each key's creation, and one reassignment in 100 keys that moved 40 keys at once (a subject set).
  `insert into audit_event (occurred_at, actor_label, credential_kind, action, subject_type, subject_id)
   select now() - make_interval(mins => (${KEYS} - n) * 26), 'seed', 'SYSTEM', 'api_key.created', 'ApiKey', ${uuidOf("'k' || n")}::text
     from generate_series(1, ${KEYS}) n`,
  `insert into audit_event (occurred_at, actor_label, credential_kind, action, subject_type, subject_ids)
   select now() - make_interval(mins => (${KEYS} - n) * 26), 'seed', 'SYSTEM', 'api_key.reassigned', 'ApiKey',
          array(select ${uuidOf("'k' || m")} from generate_series(n, n + 39) m)
     from generate_series(1, ${KEYS} - 40, 100) n`,
];

type PlanNode = {
  "Node Type": string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Index Cond"?: string;
  Plans?: PlanNode[];
};

function seqScansOf(node: PlanNode, tables: readonly string[]): number {
  const here = node["Node Type"] === "Seq Scan" && tables.includes(node["Relation Name"] ?? "") ? 1 : 0;
  return here + (node.Plans ?? []).reduce((sum, child) => sum + seqScansOf(child, tables), 0);
}

/**
 * The indexes that find a holder by id: the primary key, and the ids with their emails and names
 * (Migration20261206000000_holder_id_email_name), which PostgreSQL may probe instead.
 */
const HOLDER_BY_ID = ["holder_pkey", "holder_id_email_name_idx"];

/**
 * The rows the scans of `table` (not the bitmaps that feed them) returned in a run plan, over all
 * their runs, but for those of the indexes `except` that probe by id.
 */
function rowsOf(node: PlanNode, table: string, except: readonly string[] = []): number {
  const probeById = except.includes(node["Index Name"] ?? "") && /^\(?\(?id = /.test(node["Index Cond"] ?? "");
  const counted = node["Relation Name"] === table && !probeById;
  const here = counted ? (node["Actual Rows"] ?? 0) * (node["Actual Loops"] ?? 0) : 0;
  return here + (node.Plans ?? []).reduce((sum, child) => sum + rowsOf(child, table, except), 0);
}

/** How many nodes of `type` a plan has, its subplans' included. */
function nodesOf(node: PlanNode, type: string): number {
  return (
    (node["Node Type"] === type ? 1 : 0) + (node.Plans ?? []).reduce((sum, child) => sum + nodesOf(child, type), 0)
  );
}

/**
 * How a plan reads `table`: each scan of it (a bitmap heap scan as its index scans) as its type,
 * index and index condition, as in `Index Scan api_key_created_idx (created_at < $1)`.
 */
function scansOf(node: PlanNode, table: string, bitmapOf = false): string[] {
  const reads = node["Relation Name"] === table || bitmapOf;
  const here =
    reads && node["Node Type"] !== "Bitmap Heap Scan"
      ? [`${node["Node Type"]} ${node["Index Name"] ?? ""} (${node["Index Cond"] ?? ""})`]
      : [];
  const bitmap = reads && node["Node Type"] === "Bitmap Heap Scan";
  return [
    ...here,
    ...(node.Plans ?? []).flatMap((child) =>
      scansOf(child, table, bitmap || (bitmapOf && child["Node Type"].startsWith("Bitmap"))),
    ),
  ];
}

// biome-ignore lint/suspicious/noExplicitAny: any typed document, whatever its result and variables.
type AnyDocument = TadaDocumentNode<any, any>;

/** An operation to plan: a document and its variables. */
type Operation = readonly [document: AnyDocument, variables?: Record<string, unknown>];

/** `document` with `variables` of its own type, as an operation to plan. */
const operationOf = <D extends AnyDocument>(document: D, variables?: VariablesOf<D>): Operation => [
  document,
  variables,
];

/** What a failure is reported under: the operation's text and its variables. */
const labelOf = ([document, variables]: Operation): string =>
  `${print(document).replace(/\s+/g, " ")}${variables ? ` ${JSON.stringify(variables)}` : ""}`;

/**
 * The plans of the statements of `operation` that read one of `tables`, with their texts; run
 * (`analyze`), with the rows each node returned and how often it ran.
 */
async function plansOf(
  operation: Operation,
  tables: readonly string[],
  analyze = false,
): Promise<{ text: string; plan: PlanNode }[]> {
  const statements = await recordStatements(db, async () => {
    const res = await api.gql(operation[0], operation[1]);
    expect(res.errors, labelOf(operation)).toBeUndefined();
  });
  const pool = await db.orm.em.getConnection().getNativeClient();
  const plans: { text: string; plan: PlanNode }[] = [];
  const planOf = (rows: unknown[]) =>
    (rows[0] as { "QUERY PLAN": { Plan: PlanNode }[] })["QUERY PLAN"][0]?.Plan as PlanNode;
  for (const { text, values, name } of statements) {
    if (!tables.some((t) => new RegExp(`\\b${t}\\b`).test(text)) || !/^\s*(with|select)\b/i.test(text)) continue;
    const { rows } = await pool.query(`explain (${analyze ? "analyze, " : ""}format json) ${text}`, values);
    plans.push({ text: text.replace(/\s+/g, " ").slice(0, 300), plan: planOf(rows) });
    // A prepared statement may run on a generic plan, made without its values: that plan too.
    if (name)
      plans.push({
        text: `(generic plan) ${text.replace(/\s+/g, " ").slice(0, 300)}`,
        plan: planOf(await genericPlanRows(text, values, analyze)),
      });
  }
  return plans;
}

/** The plan PostgreSQL makes of `text` as a prepared statement without looking at its values. */
async function genericPlanRows(text: string, values: unknown[], analyze: boolean): Promise<unknown[]> {
  const client = await (await db.orm.em.getConnection().getNativeClient()).connect();
  let broken: Error | undefined;
  try {
    await client.query("set plan_cache_mode = force_generic_plan");
    await client.query(`prepare generic_plan as ${text}`);
    try {
      // EXECUTE takes its arguments as literals; the plan, made before them, does not look at them.
      const literal = (v: unknown) =>
        v == null ? "null" : client.escapeLiteral(v instanceof Date ? v.toISOString() : String(v));
      const args = values.map(literal).join(", ");
      const explained = `explain (${analyze ? "analyze, " : ""}format json) execute generic_plan${args ? `(${args})` : ""}`;
      return (await client.query(explained)).rows;
    } finally {
      await client.query("deallocate generic_plan");
    }
  } catch (error) {
    broken = error as Error;
    throw error;
  } finally {
    // A connection left in an unknown state is closed rather than given back to the pool.
    if (!broken) await client.query("reset plan_cache_mode").catch((error: Error) => (broken = error));
    client.release(broken);
  }
}

/** The statements of `operation` that read one of `tables` and scan one of them sequentially. */
async function seqScansIn(operation: Operation, tables: readonly string[] = ["api_key"]): Promise<string[]> {
  return (await plansOf(operation, tables)).filter(({ plan }) => seqScansOf(plan, tables)).map(({ text }) => text);
}

/** A page of keys, and the same page with its count. */
const KEYS_PAGE = graphql(`
  query KeysPage($first: Int, $last: Int, $filter: ApiKeyFilter, $orderBy: ApiKeyOrder) {
    apiKeys(first: $first, last: $last, filter: $filter, orderBy: $orderBy) { nodes { id } }
  }
`);
const COUNTED_KEYS_PAGE = graphql(`
  query CountedKeysPage($first: Int, $last: Int, $filter: ApiKeyFilter, $orderBy: ApiKeyOrder) {
    apiKeys(first: $first, last: $last, filter: $filter, orderBy: $orderBy) { totalCount nodes { id } }
  }
`);
type KeysPage = VariablesOf<typeof KEYS_PAGE>;
/** The page after a cursor, and the cursor of its end. */
const KEYS_PAGE_AFTER = graphql(`
  query KeysPageAfter($after: String, $orderBy: ApiKeyOrder) {
    apiKeys(first: 50, after: $after, orderBy: $orderBy) { pageInfo { endCursor } nodes { id } }
  }
`);
/** The page before a cursor, walked backward. */
const KEYS_PAGE_BEFORE = graphql(`
  query KeysPageBefore($before: String, $orderBy: ApiKeyOrder) {
    apiKeys(last: 50, before: $before, orderBy: $orderBy) { nodes { id } }
  }
`);
/** A page of keys with each key's holder and the services it works on. */
const KEYS_WITH_HOLDERS = graphql(`
  query KeysWithHolders($first: Int, $filter: ApiKeyFilter) {
    apiKeys(first: $first, filter: $filter) { nodes { id holder { email } worksOn { slug } } }
  }
`);

/**
 * Counts that a plain index cannot bound: `totalCount` of keys of every group email is a fifth of
 * all keys, counted by a hash join over a sequential scan or by one index probe per group, at
 * about the same cost and linear either way; the planner picks either. It needs a summary (like
 * the risk counts have) before it can be held to an index here.
 */
const KNOWN_LINEAR_COUNTS = new Set(
  (
    [
      { first: 50, filter: { holderKind: "GROUP" } },
      // The keys of all staff are most keys (seven in ten here): the same linear count, for the same
      // reason; their first page still walks an index. The overview's own count of the card's keys
      // comes from the risk summaries.
      { first: 50, filter: { holderStatus: "ACTIVE" } },
      {
        first: 50,
        filter: { environment: "PRODUCTION", holderKind: "USER", holderStatus: "ACTIVE", status: "ACTIVE" },
      },
    ] satisfies KeysPage[]
  ).map((variables) => labelOf(operationOf(COUNTED_KEYS_PAGE, variables))),
);

const ORDERS = ["CREATED_AT", "NAME", "HOLDER", "LAST_USED_AT", "EXPIRES_AT"] as const;
const DIRECTIONS = ["ASC", "DESC"] as const;

/** The pages of keys checked, for a holder and a service of the registry. */
const listsOf = (holderId: string, serviceId: string): KeysPage[] => [
  { first: 50 },
  { first: 50, filter: { search: "key 1234" } },
  { first: 50, filter: { search: "kh_live_ab" } },
  { first: 50, filter: { environment: "STAGING" } },
  { first: 50, filter: { holderId } },
  { first: 50, filter: { holderKind: "GROUP" } },
  { first: 50, filter: { status: "ACTIVE" } },
  { first: 50, filter: { status: "EXPIRED" } },
  { first: 50, filter: { status: "REVOKED" } },
  { first: 50, filter: { worksOnServiceId: serviceId } },
  { first: 50, filter: { expiresWithinDays: 30 } },
  { first: 50, filter: { unusedForDays: 90 } },
  { first: 50, filter: { search: "holder1234@agency" } },
  { first: 50, filter: { holderStatus: "DEPARTED" } },
  { first: 50, filter: { holderStatus: "ACTIVE" } },
  { first: 50, filter: { environment: "PRODUCTION", holderKind: "USER", holderStatus: "ACTIVE", status: "ACTIVE" } },
  ...ORDERS.flatMap((field) => DIRECTIONS.map((direction) => ({ first: 50, orderBy: { field, direction } }))),
  { first: 50, filter: { expiresWithinDays: 30 }, orderBy: { field: "EXPIRES_AT", direction: "ASC" } },
  { first: 50, filter: { status: "ACTIVE" }, orderBy: { field: "LAST_USED_AT", direction: "ASC" } },
  // Backward pages walk the same indexes the other way.
  { last: 50 },
  { last: 50, filter: { holderId } },
  ...ORDERS.flatMap((field) => DIRECTIONS.map((direction) => ({ last: 50, orderBy: { field, direction } }))),
];

/** The services page: 50 services, each with its first 20 collaborators and their holders. */
const SERVICES_WITH_COLLABORATORS = graphql(`
  query ServicesWithCollaborators {
    services(first: 50) { nodes { id slug collaborators(first: 20) { nodes { role holder { id email } } } } }
  }
`);

/** The window aggregates of a plan: each one's subtree is what a child page is picked from. */
const windowsOf = (node: PlanNode): PlanNode[] => [
  ...(node["Node Type"] === "WindowAgg" ? [node] : []),
  ...(node.Plans ?? []).flatMap(windowsOf),
];

const RISK_COUNTS = graphql(`
  query RiskCounts {
    risks(first: 20) {
      productionKeysHeldByIndividuals { count items { subjectId } }
      keysHeldByDepartedUsers { count items { subjectId } }
      keysThatWorkNowhere { count items { subjectId } }
      keysExpiringSoon { count items { subjectId } }
      unusedKeys { count items { subjectId } }
    }
  }
`);

describe("index use at scale", () => {
  it(`no list, search, filter or risk statement scans api_key sequentially (${KEYS} keys)`, async () => {
    const em = db.em();
    // The fixture is not a request: on a loaded machine its inserts can outlast the pool's
    // statement timeout, which is set for requests.
    await em.transactional(async (tx) => {
      await tx.execute("set local statement_timeout = 0");
      for (const statement of SEED) await tx.execute(statement);
    });
    await em.execute("vacuum");
    // Statistics from every row, not ANALYZE's random sample of 30,000: with 40,000 keys a sample
    // moves the estimates between runs, and with them which plan a close call picks.
    await em.transactional(async (tx) => {
      await tx.execute("set local statement_timeout = 0");
      await tx.execute("set local default_statistics_target = 1000");
      await tx.execute("analyze");
    });
    const [holder] = await em.execute(`select ${uuidOf("'h' || 7")}::text as id`);
    const [service] = await em.execute(`select ${uuidOf("'s' || 3")}::text as id`);
    const holderId = String(holder?.id);
    const serviceId = String(service?.id);
    // The second page of every order, from the first page's cursor, and the page before that cursor.
    const pagesAfter: Operation[] = [];
    for (const field of ORDERS) {
      for (const direction of DIRECTIONS) {
        const first = await api.gql(KEYS_PAGE_AFTER, { orderBy: { field, direction } });
        const after = first.data?.apiKeys.pageInfo.endCursor;
        expect(after).toBeTruthy();
        pagesAfter.push(
          operationOf(KEYS_PAGE_AFTER, { after, orderBy: { field, direction } }),
          operationOf(KEYS_PAGE_BEFORE, { before: after, orderBy: { field, direction } }),
        );
      }
    }
    const operations: Operation[] = [
      operationOf(RISK_COUNTS),
      ...pagesAfter,
      ...listsOf(holderId, serviceId).flatMap((variables) => [
        operationOf(KEYS_PAGE, variables),
        operationOf(COUNTED_KEYS_PAGE, variables),
      ]),
    ];
    const failures: Record<string, string[]> = {};
    for (const operation of operations) {
      const offending = (await seqScansIn(operation)).filter(
        (text) => !(KNOWN_LINEAR_COUNTS.has(labelOf(operation)) && text.startsWith('select count(*) as "count"')),
      );
      if (offending.length) failures[labelOf(operation)] = offending;
    }
    // Lists and risks read from summaries and read models: neither the services page with its
    // collaborators and holders, nor the groups at risk, scan a table that grows with holders.
    const readModelChecks: [Operation, readonly string[]][] = [
      [operationOf(SERVICES_WITH_COLLABORATORS), ["collaborator", "holder"]],
      [
        operationOf(
          graphql(`
            query HolderCollaborations($id: ID!) {
              holder(id: $id) { collaborations { nodes { role service { slug } } } }
            }
          `),
          { id: holderId },
        ),
        ["collaborator", "service"],
      ],
      // The keys page in one statement: each key's holder by id, where the page's keys
      // work from their holders' collaborations, behind a search as behind the newest keys.
      ...[
        { first: 50 },
        { first: 50, filter: { search: "key 1234" } },
        { first: 50, filter: { unusedForDays: 90 } },
      ].map((variables): [Operation, readonly string[]] => [
        operationOf(KEYS_WITH_HOLDERS, variables),
        ["holder", "collaborator"],
      ]),
      // A page of keys with their histories: the subject index and the subject-set index find
      // each key's events, forward and backward.
      [
        operationOf(
          graphql(
            `query KeyHistories { apiKeys(first: 50) { nodes { history(first: 5) { totalCount nodes { id } } } } }`,
          ),
        ),
        ["audit_event"],
      ],
      [
        operationOf(
          graphql(`query KeyHistoriesBackward { apiKeys(first: 50) { nodes { history(last: 5) { nodes { id } } } } }`),
        ),
        ["audit_event"],
      ],
      [
        operationOf(
          graphql(`
            query GroupsAtRisk { risks(first: 20) { groupEmailsWithFewMembers { count items { subjectId title detail } } } }
          `),
        ),
        // risk_group itself is a few pages here, which the planner rightly reads whole; at scale
        // its partial index of the groups at risk serves both the items and the count.
        ["holder", "group_membership"],
      ],
      [
        operationOf(
          graphql(`
            query ServicesAtRisk { risks(first: 20) { servicesWithoutWorkingKey { count items { subjectId title detail } } } }
          `),
        ),
        // From the trigger-kept `risk_service`: its index of the times until which some key works
        // on each service, never a probe per service into collaborators and keys.
        ["risk_service", "service", "collaborator", "api_key"],
      ],
    ];
    for (const [operation, tables] of readModelChecks) {
      const offending = await seqScansIn(operation, tables);
      if (offending.length) failures[labelOf(operation)] = offending;
    }
    // A service's collaborators are picked from its index alone (the list's order and the role's
    // columns are in it), and only the picked roles look up their holder: no holder is read for
    // the roles past a page, nor a collaborator's row.
    const servicesPage = operationOf(SERVICES_WITH_COLLABORATORS);
    const rolePlans = (await plansOf(servicesPage, ["collaborator"])).map(({ plan }) => plan);
    const roleScans = rolePlans.flatMap((plan) => scansOf(plan, "collaborator"));
    const holdersBeforePage = rolePlans.flatMap(windowsOf).flatMap((window) => scansOf(window, "holder"));
    if (
      roleScans.length === 0 ||
      roleScans.some((scan) => !scan.startsWith("Index Only Scan collaborator_service_role_idx ")) ||
      holdersBeforePage.length > 0
    ) {
      failures[labelOf(servicesPage)] = [
        `reads collaborator by ${roleScans.join(", ")}; holder before the page by ${holdersBeforePage.join(", ")}`,
      ];
    }
    // Pages whose filter matches a share of the keys that grows with the registry are not a walk
    // of every key in the page's order, nor a sort of every matching key: the keys expiring within
    // a window are a walk of the expiry sort's index from now that stops after the page; the keys
    // working on a service are read holder by holder, from its Billing holders' own keys (an index
    // led by the holder), each walk stopping after a page where its index is in the page's order.
    const expiring = operationOf(KEYS_PAGE, { first: 50, filter: { expiresWithinDays: 30 } });
    const expiringScans = (await plansOf(expiring, ["api_key"])).flatMap(({ plan }) => scansOf(plan, "api_key"));
    if (
      !expiringScans.some((scan) => /^Index Scan api_key_expires_sort_idx \(.*COALESCE\(expires_at.* > /.test(scan))
    ) {
      failures[labelOf(expiring)] = [`reads ${expiringScans.join(", ")}: no range of api_key_expires_sort_idx`];
    }
    // The groups at risk: one walk of the partial index that stops after the page; the count comes
    // from `risk_group_count`, not from a second read of every group at risk.
    const groups = operationOf(
      graphql(
        `query GroupsAtRiskPage { risks(first: 20) { groupEmailsWithFewMembers { count items { subjectId } } } }`,
      ),
    );
    const groupScans = (await plansOf(groups, ["risk_group"])).flatMap(({ plan }) => scansOf(plan, "risk_group"));
    if (groupScans.join() !== "Index Scan risk_group_few_members_idx ()") {
      failures[labelOf(groups)] = [`reads ${groupScans.join(", ")}`];
    }
    // The newest keys of departed users: a walk of the newest keys that asks the small index of
    // departed users about each key's holder, not the holder's primary key and row.
    const departed = operationOf(
      graphql(
        `query DepartedHoldersKeys { risks(first: 20) { keysHeldByDepartedUsers { count items { subjectId } } } }`,
      ),
    );
    const departedScans = (await plansOf(departed, ["holder"])).flatMap(({ plan }) => scansOf(plan, "holder"));
    if (
      !departedScans.some((scan) =>
        /^Index (Only )?Scan holder_departed_idx \(\(id = k(_\d+)?\.holder_id\)\)$/.test(scan),
      )
    ) {
      failures[labelOf(departed)] = [`reads ${departedScans.join(", ")}`];
    }
    // The key categories' items: walks that ask each key's holder by a probe and join the holders
    // of the page only. A join inside a walk is cached (Memoize) with a table sized for every holder
    // the planner expects the walk to pass, whose set-up alone grows with the registry (~55 ms of
    // the statement at a million keys, before its first row).
    for (const { text, plan } of await plansOf(operationOf(RISK_COUNTS), ["api_key"])) {
      const memoized = nodesOf(plan, "Memoize");
      if (memoized) failures[`risks: ${text}`] = [`${memoized} Memoize node(s)`];
    }
    // A search by a prefix few keys share is its range of the prefix index, read from the index
    // alone and sorted, in one statement; by a prefix most keys share, a walk of the creation
    // index that stops after the page, never a sort of every key.
    const prefixSearches = [
      [{ first: 50, filter: { search: "kh_live_ab" } }, /^Index Only Scan api_key_prefix_created_idx /],
      [{ last: 50, filter: { search: "kh_live_ab" } }, /^Index Only Scan api_key_prefix_created_idx /],
      [{ first: 50, filter: { search: "kh_" } }, /^Index Scan api_key_created_idx \(\)$/],
      // A search by a name few keys contain (none of the newest) is a bitmap of the trigram index
      // whose conditions are the text's pieces, each its own scan key (`keyNameByPieces`): not one
      // LIKE of the whole text, which reads the posting lists of the trigrams every name has.
      [
        { first: 50, filter: { search: "key 1234" } },
        /^Bitmap Index Scan api_key_name_trgm_idx \(\(\(lower\(\(name\)::text\) ~~ '%key%'::text\) AND \(lower/,
      ],
    ] satisfies [KeysPage, RegExp][];
    for (const [variables, walk] of prefixSearches) {
      const operation = operationOf(KEYS_PAGE, variables);
      const plans = await plansOf(operation, ["api_key"]);
      const scans = plans.flatMap(({ plan }) => scansOf(plan, "api_key"));
      if (plans.length !== 1 || !scans.some((scan) => walk.test(scan))) {
        failures[labelOf(operation)] = [`${plans.length} statements, reads ${scans.join(", ")}`];
      }
    }
    // A keys search by holder email picks its page in one statement, never from every holder's
    // keys: a text most holders contain (`agency`: all here) is a walk of the newest keys asking
    // each key's holder by id, which stops after the page; a text few contain
    // (`holder123`: 11 holders) takes its holders from the suffix index and walks each one's keys.
    // Holders are found otherwise than by id only in that second case, and only those.
    // The keys read include the name part's look at the 200 newest keys (`keyNameParts`), made
    // once for each of its two parts: 400 on top of the holder part's.
    const holderSearches = [
      [
        { first: 50, filter: { search: "agency" } },
        { holders: 0, keys: 200 + 400, bySuffixes: false },
      ],
      [
        { first: 50, filter: { search: "holder123" } },
        { holders: 11, keys: 1000 + 400, bySuffixes: true },
      ],
    ] satisfies [KeysPage, { holders: number; keys: number; bySuffixes?: boolean }][];
    for (const [variables, most] of holderSearches) {
      const operation = operationOf(KEYS_PAGE, variables);
      const plans = await plansOf(operation, ["api_key"], true);
      const holderScans = plans.flatMap(({ plan }) => scansOf(plan, "holder"));
      const keyScans = plans.flatMap(({ plan }) => scansOf(plan, "api_key"));
      const read = {
        holders: plans.reduce((sum, { plan }) => sum + rowsOf(plan, "holder", HOLDER_BY_ID), 0),
        keys: plans.reduce((sum, { plan }) => sum + rowsOf(plan, "api_key"), 0),
      };
      if (
        plans.length !== 1 ||
        !holderScans.some((scan) =>
          new RegExp(`^Index (Only )?Scan (${HOLDER_BY_ID.join("|")}) \\(\\(id = k(_\\d+)?\\.holder_id\\)\\)$`).test(
            scan,
          ),
        ) ||
        (most.bySuffixes && !holderScans.some((scan) => scan.startsWith("Bitmap Index Scan holder_search_idx "))) ||
        holderScans.some((scan) => scan.includes("holder_email_trgm_idx")) ||
        !keyScans.some((scan) => / api_key_holder_\w+ \(\(holder_id = w(_\d+)?\.id\)\)$/.test(scan)) ||
        read.holders !== most.holders ||
        read.keys > most.keys
      ) {
        failures[labelOf(operation)] = [
          `${plans.length} statements, reads ${holderScans.join(", ")}; ${keyScans.join(", ")}; ${JSON.stringify(read)}`,
        ];
      }
    }
    // A holders search that few holders match reads its page from the suffix index: as many
    // entries as holders match, never a walk of the email order past those that do not (the
    // walk it tries first is bounded, see `holderSearchPage`).
    const holderSearch = operationOf(
      graphql(`query HoldersSearch { holders(first: 50, filter: { search: "holder123" }) { nodes { id email } } }`),
    );
    const searchScans = (await plansOf(holderSearch, ["holder"])).flatMap(({ plan }) => scansOf(plan, "holder"));
    if (
      !searchScans.some((scan) => scan.startsWith("Bitmap Index Scan holder_search_idx")) ||
      searchScans.some((scan) => scan.startsWith("Seq Scan"))
    ) {
      failures[labelOf(holderSearch)] = [`reads ${searchScans.join(", ")}`];
    }
    for (const operation of [
      operationOf(KEYS_PAGE, { first: 50, filter: { worksOnServiceId: serviceId } }),
      operationOf(
        graphql(`query WorkingKeys($id: ID!) { service(id: $id) { workingKeys(first: 50) { nodes { id } } } }`),
        { id: serviceId },
      ),
    ]) {
      const scans = (await plansOf(operation, ["api_key"])).flatMap(({ plan }) => scansOf(plan, "api_key"));
      // One probe per holder: the index condition compares the holder with a column of the outer row.
      const byHolder = (scan: string) => / api_key_holder_\w+ \(\(holder_id = \w+\.holder_id\)\)$/.test(scan);
      if (!scans.length || !scans.every(byHolder)) failures[labelOf(operation)] = [`reads ${scans.join(", ")}`];
    }
    // The offboarding plan walks out from the leaver: each service of their roles and each group
    // kept by its id (the primary key, or the ids of its kind: never every service, nor every group
    // email by kind), and their keys
    // counted from indexes alone (a leaver's keys are scattered over the heap of a large registry).
    const planOperation = operationOf(
      graphql(`
        query LeaverPlan($userId: ID!) {
          offboardingPlan(userId: $userId) {
            keyCount activeKeyCount activeKeySuggestion { suggestion } inactiveKeySuggestion { suggestion }
            collaborations { role soleBilling } lastActiveMemberOf
          }
        }
      `),
      { userId: holderId },
    );
    const planStatements = await plansOf(planOperation, ["holder", "service", "api_key"]);
    const readsOf = (node: PlanNode): string[] => [
      ...(["holder", "service"].includes(node["Relation Name"] ?? "")
        ? [`${node["Node Type"]} on ${node["Relation Name"]} ${node["Index Name"] ?? ""} ${node["Index Cond"] ?? ""}`]
        : []),
      ...(node.Plans ?? []).flatMap(readsOf),
    ];
    const planReads = planStatements.flatMap(({ plan }) => readsOf(plan));
    const countReads = planStatements
      .filter(({ text }) => text.includes("count(*)"))
      .flatMap(({ plan }) => scansOf(plan, "api_key"))
      // The leaver's own keys (the candidate groups' are probed one by one).
      .filter((scan) => scan.includes("unnest("));
    if (
      !planReads.length ||
      !planReads.every((scan) =>
        new RegExp(
          `^Index (Only )?Scan on (holder|service) (\\2_pkey|holder_(group|user)_ids_idx|${HOLDER_BY_ID.join("|")}) \\(\\(?id = `,
        ).test(scan),
      ) ||
      countReads.length !== 2 ||
      !countReads.every((scan) => scan.startsWith("Index Only Scan "))
    ) {
      failures[labelOf(planOperation)] = [`reads ${planReads.join(", ")}; counts keys with ${countReads.join(", ")}`];
    }
    // A page filtered by holder kind asks each key's holder from the ids of that kind alone.
    for (const kind of ["GROUP", "USER"] as const) {
      const operation = operationOf(KEYS_PAGE, { first: 50, filter: { holderKind: kind } });
      const scans = (await plansOf(operation, ["holder"])).flatMap(({ plan }) => scansOf(plan, "holder"));
      const own = `Index Only Scan holder_${kind.toLowerCase()}_ids_idx `;
      if (!scans.length || !scans.every((scan) => scan.startsWith(own))) failures[labelOf(operation)] = scans;
    }
    // The ADMINs whom a key's notices copy (one read per notified event) and whom an offboarding
    // counts come from their partial index, never a scan of every holder.
    const adminReads = await recordStatements(db, async () => {
      await adminEmails(db.em());
      await db.em().transactional((em) => isLastAdmin(em, holderId));
    });
    const pool = await db.orm.em.getConnection().getNativeClient();
    for (const { text, values } of adminReads) {
      const { rows } = await pool.query(`explain (format json) ${text}`, values);
      const plan = (rows[0] as { "QUERY PLAN": { Plan: PlanNode }[] })["QUERY PLAN"][0]?.Plan as PlanNode;
      const scans = scansOf(plan, "holder").filter(
        (scan) => !HOLDER_BY_ID.some((index) => scan.startsWith(`Index Scan ${index} ((id = `)),
      );
      if (!scans.length || !scans.every((scan) => / holder_active_admin_idx /.test(`${scan} `))) {
        failures[text.replace(/\s+/g, " ")] = scans;
      }
    }
    expect(failures).toEqual({});
    // Seeding and planning ~150 statements on a loaded 2-core machine can take minutes (189 s at a
    // load average of 36).
  }, 300_000);
});
