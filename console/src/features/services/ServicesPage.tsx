import { readFragment } from "@keyholder/graphql";
import { Button } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useQuery } from "urql";
import { PageHeader } from "../../components/PageHeader.js";
import { Pager } from "../../components/Pager.js";
import { useCursorPage } from "../../components/pagination.js";
import { QueryState, queryProps } from "../../components/QueryState.js";
import { useUrlState } from "../../components/url-state.js";
import { Can } from "../auth/Can.js";
import { CreateServiceDialog } from "./CreateServiceDialog.js";
import { ServiceFilters } from "./ServiceFilters.js";
import { ServicesTable } from "./ServicesTable.js";
import { serviceFilterFromUrl } from "./service-filters.js";
import { ServiceRowFields, ServicesQuery } from "./services.graphql.js";

const PAGE_SIZE = 50;

/** Every service, searched and paginated on the server; the search and the archived switch live in the URL. */
export default function ServicesPage() {
  const { get, setFilter } = useUrlState();
  const filter = serviceFilterFromUrl(get);
  const page = useCursorPage(PAGE_SIZE);
  const [result, refetch] = useQuery({
    query: ServicesQuery,
    variables: { first: page.first, after: page.after, filter },
  });
  const [creating, create] = useDisclosure(false);
  const connection = result.data?.services;
  const services = (connection?.nodes ?? []).map((s) => readFragment(ServiceRowFields, s));
  const noun = filter.archived ? "archived service" : "service";

  return (
    <>
      <PageHeader
        title="Services"
        description="Where keys are used. A key works on a service while its holder is a Billing collaborator there."
        actions={
          <Can atLeast="OPERATOR">
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={create.open}>
              New service
            </Button>
          </Can>
        }
      />
      <ServiceFilters get={get} setFilter={setFilter} />
      <QueryState
        {...queryProps(result, refetch)}
        hasData={connection !== undefined}
        empty={services.length === 0 && page.index === 0 && emptyText(filter.search, filter.archived)}
      >
        <ServicesTable services={services} archived={!!filter.archived} />
        <Pager page={page} connection={connection} shown={services.length} noun={noun} />
      </QueryState>
      <CreateServiceDialog opened={creating} onClose={create.close} />
    </>
  );
}

function emptyText(search: string | null | undefined, archived: boolean | null | undefined): string {
  if (search) return archived ? "No archived service matches this search." : "No live service matches this search.";
  return archived ? "No service is archived." : "No services yet.";
}
