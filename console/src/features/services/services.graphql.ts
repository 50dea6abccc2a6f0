import { graphql, UserErrorFields } from "@keyholder/graphql";

export const ServiceRowFields = graphql(`
  fragment ServiceRowFields on Service {
    id
    slug
    name
    description
    archivedAt
    collaborators(first: 20) {
      totalCount
      nodes {
        id
        role
        holder {
          id
          email
        }
      }
    }
  }
`);

export const ServicesQuery = graphql(
  `
  query Services($first: Int!, $after: String, $filter: ServiceFilter) {
    services(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...ServiceRowFields
      }
    }
  }
`,
  [ServiceRowFields],
);

export const CreateServiceMutation = graphql(
  `
  mutation CreateService($input: CreateServiceInput!) {
    createService(input: $input) {
      service {
        id
        slug
        name
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);
