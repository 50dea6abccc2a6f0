import { graphql, HolderRefFields } from "@keyholder/graphql";

export const HolderOptionsQuery = graphql(
  `
  query HolderOptions($filter: HolderFilter) {
    holders(first: 20, filter: $filter) {
      nodes {
        ...HolderRefFields
      }
    }
  }
`,
  [HolderRefFields],
);

export const ServiceOptionsQuery = graphql(`
  query ServiceOptions($search: String) {
    services(first: 20, filter: { search: $search }) {
      nodes {
        id
        slug
        name
      }
    }
  }
`);
