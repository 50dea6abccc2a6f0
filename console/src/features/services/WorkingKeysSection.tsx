import { useQuery } from "urql";
import { Pager } from "../../components/Pager.js";
import { useCursorPage } from "../../components/pagination.js";
import { QueryState, queryProps } from "../../components/QueryState.js";
import { Section } from "../../components/Section.js";
import { KeysTable } from "../keys/KeysTable.js";
import type { ServiceDetail } from "./service.graphql.js";
import { ServiceWorkingKeysQuery } from "./service.graphql.js";

const PAGE_SIZE = 25;

/** The keys that work on the service now, paginated under their own URL parameter (`keysPage`). */
export function WorkingKeysSection({ service }: { service: ServiceDetail }) {
  const page = useCursorPage(PAGE_SIZE, "keysPage");
  const [result, refetch] = useQuery({
    query: ServiceWorkingKeysQuery,
    variables: { id: service.id, first: page.first, after: page.after },
  });
  const connection = result.data?.service?.workingKeys;
  const keys = connection?.nodes ?? [];
  return (
    <Section
      title="Working keys"
      description="Active keys whose holder is a Billing collaborator here: the keys this service accepts now."
    >
      <QueryState
        {...queryProps(result, refetch)}
        hasData={connection !== undefined}
        empty={keys.length === 0 && page.index === 0 && emptyText(service)}
      >
        <KeysTable keys={keys} label={`Keys that work on ${service.slug}`} hide={["status", "worksOn"]} />
        <Pager page={page} connection={connection} shown={keys.length} noun="working key" />
      </QueryState>
    </Section>
  );
}

function emptyText(service: ServiceDetail): string {
  if (service.archivedAt) return "It is archived: no key works on it.";
  if (!service.collaborators.nodes.some((c) => c.role === "BILLING"))
    return "No key works here: it has no Billing collaborator.";
  return "No key works here: its Billing collaborators hold no active key.";
}
