import { graphql } from "../../graphql.js";

export const AuditEventFields = graphql(`
  fragment AuditEventFields on AuditEvent {
    id
    occurredAt
    action
    actorId
    actorLabel
    credentialKind
    subjectType
    subjectId
    subjectLabel
    before
    after
    reason
    requestId
  }
`);

export const AuditEventsQuery = graphql(
  `
  query AuditEvents($first: Int!, $after: String, $filter: AuditEventFilter) {
    auditEvents(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...AuditEventFields
      }
    }
  }
`,
  [AuditEventFields],
);

/** The actor filter keeps only an id in the URL; this names it again after a reload. */
export const AuditActorQuery = graphql(`
  query AuditActor($id: ID!) {
    user(id: $id) {
      id
      email
      kind
    }
  }
`);
