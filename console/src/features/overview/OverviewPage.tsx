import { readFragment } from "@keyholder/graphql";
import { SimpleGrid } from "@mantine/core";
import { useQuery } from "urql";
import { PageHeader } from "../../components/PageHeader.js";
import { QueryState, queryProps } from "../../components/QueryState.js";
import { useUrlState } from "../../components/url-state.js";
import { LeaversCard } from "../leavers/LeaversCard.js";
import { OverviewRisksQuery, RiskCategoryFields } from "./overview.graphql.js";
import { RiskCard } from "./RiskCard.js";
import { EXPIRING_DAYS, RISK_CATEGORIES, UNUSED_DAYS } from "./risk-categories.js";

/** Items each card lists before "Show all". */
const TOP = 5;
/** Items an expanded card lists; the API allows up to 500, a card stays readable with fewer. */
const EXPANDED = 100;

/** The ownership risks across the organisation, one card per kind, each leading to its items. */
export default function OverviewPage() {
  const { get, set } = useUrlState();
  const expanded = new Set((get("show") ?? "").split(",").filter((s) => RISK_CATEGORIES.some((c) => c.slug === s)));
  const windows = { expiringWithinDays: EXPIRING_DAYS, unusedForDays: UNUSED_DAYS };
  const [top, refetchTop] = useQuery({ query: OverviewRisksQuery, variables: { first: TOP, ...windows } });
  const [more, refetchMore] = useQuery({
    query: OverviewRisksQuery,
    variables: { first: EXPANDED, ...windows },
    pause: expanded.size === 0,
  });
  const risks = top.data?.risks;

  const toggle = (slug: string) => {
    const next = new Set(expanded);
    if (next.has(slug)) next.delete(slug);
    else next.add(slug);
    set({ show: [...next].join(",") }, { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Overview"
        description="What could break in the way keys are held, and what would fix it. Counts are complete; each card lists the first few."
      />
      <LeaversCard />
      <QueryState {...queryProps(top, refetchTop)} hasData={risks !== undefined}>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {risks &&
            RISK_CATEGORIES.map((info) => {
              const category = readFragment(RiskCategoryFields, risks[info.key]);
              const everything = more.data ? readFragment(RiskCategoryFields, more.data.risks[info.key]) : undefined;
              return (
                <RiskCard
                  key={info.key}
                  info={info}
                  count={category.count}
                  items={category.items}
                  expanded={expanded.has(info.slug)}
                  onToggle={() => toggle(info.slug)}
                  all={{
                    items: everything?.items,
                    fetching: more.fetching,
                    error: more.error,
                    retry: () => refetchMore({ requestPolicy: "network-only" }),
                  }}
                />
              );
            })}
        </SimpleGrid>
      </QueryState>
    </>
  );
}
