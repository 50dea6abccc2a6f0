import { graphql } from "@keyholder/graphql";
import { KeyRowPageFields } from "../keys/keys.graphql.js";

export const HolderQuery = graphql(`
  query Holder($id: ID!) {
    holder(id: $id) {
      __typename
      id
      email
      name
      kind
      createdAt
      version
      collaborations(first: 500) {
        totalCount
        nodes {
          id
          role
          createdAt
          service {
            id
            slug
            name
            archivedAt
          }
        }
      }
      ... on User {
        status
        departedAt
        consoleRole
        groupEmails(first: 500) {
          totalCount
          nodes {
            id
            email
            name
            activeMemberCount
            healthy
          }
        }
      }
      ... on GroupEmail {
        description
        activeMemberCount
        healthy
        members(first: 500) {
          totalCount
          nodes {
            id
            email
            name
            status
            departedAt
          }
        }
      }
    }
  }
`);

export const HolderAuditQuery = graphql(`
  query HolderAudit($subjectId: ID!, $first: Int!) {
    auditEvents(filter: { subjectId: $subjectId }, first: $first) {
      totalCount
      nodes {
        id
        action
        actorLabel
        actor {
          id
        }
        occurredAt
        reason
        before
        after
      }
    }
  }
`);

/** A holder's keys, a page at a time. */
export const HolderKeysQuery = graphql(
  `
  query HolderKeys($id: ID!, $first: Int!, $after: String) {
    holder(id: $id) {
      id
      keys(first: $first, after: $after) {
        ...KeyRowPageFields
      }
    }
  }
`,
  [KeyRowPageFields],
);
