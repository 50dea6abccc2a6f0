import { Group } from "@mantine/core";
import { ENVIRONMENT_OPTIONS, ParamSelect, SearchFilter } from "../../components/filters.js";

/** Filters on the leaver's keys, kept in the URL; `withAction` adds the operator's decision. */
export function KeyFilters({ withAction = false }: { withAction?: boolean }) {
  return (
    <Group mb="sm" align="flex-end" gap="sm" wrap="wrap" role="search" aria-label="Filter the leaver's keys">
      <SearchFilter label="Search keys" placeholder="Name or prefix" w={220} />
      <ParamSelect param="environment" label="Environment" data={ENVIRONMENT_OPTIONS} w={150} />
      <ParamSelect
        param="state"
        label="State"
        data={[
          { value: "active", label: "Active" },
          { value: "inactive", label: "Revoked or expired" },
        ]}
        w={180}
      />
      {withAction && (
        <ParamSelect
          param="action"
          label="Decision"
          data={[
            { value: "REASSIGN", label: "Reassign" },
            { value: "REVOKE", label: "Revoke" },
          ]}
          w={150}
        />
      )}
    </Group>
  );
}
