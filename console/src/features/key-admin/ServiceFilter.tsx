import { graphql } from "@keyholder/graphql";
import { useQuery } from "urql";
import { ServicePicker } from "../../components/ServicePicker.js";
import { useUrlState } from "../../components/url-state.js";

const ServiceSlugQuery = graphql(`
  query ServiceSlug($id: ID!) {
    service(id: $id) {
      id
      slug
    }
  }
`);

/**
 * Keys that work on one service, kept in the URL as `service` (its id). The slug shown in the
 * picker is asked for beside the list, so the list does not wait for it.
 */
export function ServiceFilter({ serviceId, w }: { serviceId: string | undefined; w: number }) {
  const { setFilter } = useUrlState();
  const [{ data }] = useQuery({ query: ServiceSlugQuery, variables: { id: serviceId ?? "" }, pause: !serviceId });
  const value = serviceId && data?.service?.id === serviceId ? data.service : null;
  return (
    <ServicePicker
      label="Works on"
      placeholder="Any service"
      value={value}
      onChange={(service) => setFilter({ service: service?.id })}
      w={w}
    />
  );
}
