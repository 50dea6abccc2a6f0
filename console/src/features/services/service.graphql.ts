import { graphql, HolderRefFields, KeyRefFields, type ResultOf } from "@keyholder/graphql";
import { KeyRowPageFields } from "../keys/keys.graphql.js";

export const ServiceDetailQuery = graphql(
  `
  query ServiceDetail($id: ID!) {
    service(id: $id) {
      id
      slug
      name
      description
      archivedAt
      createdAt
      updatedAt
      version
      workingKeyCount: workingKeys(first: 0) {
        totalCount
      }
      collaborators(first: 500) {
        totalCount
        nodes {
        id
        role
        createdAt
        holder {
          __typename
          ...HolderRefFields
        }
        }
      }
    }
  }
`,
  [HolderRefFields],
);

export type ServiceDetail = NonNullable<ResultOf<typeof ServiceDetailQuery>["service"]>;
export type CollaboratorRow = ServiceDetail["collaborators"]["nodes"][number];

/** The holder's keys that work on the service now: the ones that stop when its Billing role goes. */
export const KeysLostWithBillingQuery = graphql(
  `
  query KeysLostWithBilling($id: ID!, $holderId: ID!, $first: Int!) {
    service(id: $id) {
      id
      workingKeys(first: $first, filter: { holderId: $holderId }) {
        totalCount
        nodes {
          ...KeyRefFields
        }
      }
    }
  }
`,
  [KeyRefFields],
);

/** How many keys start working on the service when a holder becomes a Billing collaborator. */
export const HolderActiveKeysQuery = graphql(`
  query HolderActiveKeys($id: ID!) {
    holder(id: $id) {
      id
      keys(first: 0, filter: { status: ACTIVE }) {
        totalCount
      }
    }
  }
`);

/** The holder's active keys, by name: the ones that start working on a service when it becomes Billing there. */
export const KeysGainedWithBillingQuery = graphql(
  `
  query KeysGainedWithBilling($holderId: ID!, $first: Int!) {
    holder(id: $holderId) {
      id
      keys(first: $first, filter: { status: ACTIVE }) {
        totalCount
        nodes {
          ...KeyRefFields
        }
      }
    }
  }
`,
  [KeyRefFields],
);

/** The keys that work on a service now, a page at a time. */
export const ServiceWorkingKeysQuery = graphql(
  `
  query ServiceWorkingKeys($id: ID!, $first: Int!, $after: String) {
    service(id: $id) {
      id
      workingKeys(first: $first, after: $after) {
        ...KeyRowPageFields
      }
    }
  }
`,
  [KeyRowPageFields],
);
