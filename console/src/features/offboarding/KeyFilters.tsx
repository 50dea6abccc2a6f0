import { ENVIRONMENT_OPTIONS, FilterBar, options, ParamSelect, SearchFilter } from "../../components/filters.js";

const STATE_OPTIONS = options(["active", "Active"], ["inactive", "Revoked or expired"]);
const ACTION_OPTIONS = options(["REASSIGN", "Reassign"], ["REVOKE", "Revoke"]);

/** Filters on the leaver's keys, kept in the URL; `withAction` adds the operator's decision. */
export function KeyFilters({ withAction = false }: { withAction?: boolean }) {
  return (
    <FilterBar label="Filter the leaver's keys">
      <SearchFilter label="Search keys" placeholder="Name or prefix" w={220} />
      <ParamSelect param="environment" label="Environment" data={ENVIRONMENT_OPTIONS} w={150} />
      <ParamSelect param="state" label="State" data={STATE_OPTIONS} w={180} />
      {withAction && <ParamSelect param="action" label="Decision" data={ACTION_OPTIONS} w={150} />}
    </FilterBar>
  );
}
