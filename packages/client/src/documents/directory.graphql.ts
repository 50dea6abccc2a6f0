import { CollaboratorFields, graphql, PageInfoFields } from "../graphql.js";

/** One page of users (staff), by email; `memberOfGroupId` lists a group email's members. */
export const UsersQuery = graphql(
  `
  query Users($first: Int, $after: String, $filter: UserFilter) {
    users(first: $first, after: $after, filter: $filter) {
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        id
        email
        name
        status
        departedAt
        consoleRole
        version
      }
    }
  }
`,
  [PageInfoFields],
);

/** One page of group emails, by email. */
export const GroupEmailsQuery = graphql(
  `
  query GroupEmails($first: Int, $after: String, $filter: GroupEmailFilter) {
    groupEmails(first: $first, after: $after, filter: $filter) {
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        id
        email
        name
        description
        activeMemberCount
        healthy
        version
      }
    }
  }
`,
  [PageInfoFields],
);

/** A service as the client lists and names one: no collaborators. Unmasked. */
export const ServiceFields = graphql(`
  fragment ServiceFields on Service @_unmask {
    id
    slug
    name
    description
    archivedAt
    version
  }
`);

/** One page of services, by slug (live ones unless the filter asks for archived ones). */
export const ServicesQuery = graphql(
  `
  query Services($first: Int, $after: String, $filter: ServiceFilter) {
    services(first: $first, after: $after, filter: $filter) {
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        ...ServiceFields
      }
    }
  }
`,
  [ServiceFields, PageInfoFields],
);

/** A service by slug, without its collaborators. */
export const ServiceQuery = graphql(
  `
  query Service($slug: String!) {
    serviceBySlug(slug: $slug) {
      ...ServiceFields
    }
  }
`,
  [ServiceFields],
);

/** A service's collaborators: who has which role there. */
export const ServiceCollaboratorsQuery = graphql(
  `
  query ServiceCollaborators($slug: String!, $first: Int, $after: String) {
    serviceBySlug(slug: $slug) {
      id
      collaborators(first: $first, after: $after) {
        nodes {
          ...CollaboratorFields
        }
        pageInfo {
          ...PageInfoFields
        }
      }
    }
  }
`,
  [CollaboratorFields, PageInfoFields],
);
