import type { HolderKind } from "@keyholder/graphql";
import { readFragment } from "@keyholder/graphql";
import { Button } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconMailPlus, IconUserPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useQuery } from "urql";
import { PageHeader } from "../../components/PageHeader.js";
import { Pager } from "../../components/Pager.js";
import { useCursorPage } from "../../components/pagination.js";
import { QueryState, queryProps } from "../../components/QueryState.js";
import { useUrlState } from "../../components/url-state.js";
import { Can } from "../auth/Can.js";
import { HolderFilters } from "./HolderFilters.js";
import { HoldersTable } from "./HoldersTable.js";
import { holderFilterFromUrl } from "./holder-filters.js";
import { HolderRowFields, HoldersQuery } from "./holders.graphql.js";
import { NewHolderDialog } from "./NewHolderDialog.js";

const PAGE_SIZE = 50;

// A new holder must show up even when the page held none of its type (an empty list carries no typename).
const CONTEXT = { additionalTypenames: ["User", "GroupEmail"] };

/** Users and group emails, searched and filtered on the server; the filters live in the URL. */
export default function HoldersPage() {
  const { get, setFilter } = useUrlState();
  const filter = holderFilterFromUrl(get);
  const page = useCursorPage(PAGE_SIZE);
  const [result, refetch] = useQuery({
    query: HoldersQuery,
    variables: { first: page.first, after: page.after, filter },
    context: CONTEXT,
  });
  const [creating, setCreating] = useState<HolderKind>("USER");
  const [dialog, toggle] = useDisclosure(false);
  const connection = result.data?.holders;
  const holders = (connection?.nodes ?? []).map((h) => readFragment(HolderRowFields, h));
  const filtered = Object.values(filter).some((v) => v !== undefined);
  const open = (kind: HolderKind) => {
    setCreating(kind);
    toggle.open();
  };

  return (
    <>
      <PageHeader
        title="Holders"
        description="People and group emails that hold keys or collaborate on services."
        actions={
          <Can atLeast="OPERATOR">
            <Button variant="default" leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => open("USER")}>
              New user
            </Button>
            <Button leftSection={<IconMailPlus size={16} aria-hidden />} onClick={() => open("GROUP")}>
              New group email
            </Button>
          </Can>
        }
      />
      <HolderFilters setFilter={setFilter} filter={filter} />
      <QueryState
        {...queryProps(result, refetch)}
        hasData={connection !== undefined}
        empty={holders.length === 0 && (filtered ? "No holder matches these filters." : "No holders yet.")}
      >
        <HoldersTable holders={holders} />
        <Pager page={page} connection={connection} shown={holders.length} noun="holder" />
      </QueryState>
      <NewHolderDialog kind={creating} opened={dialog} onClose={toggle.close} />
    </>
  );
}
