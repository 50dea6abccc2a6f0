import { graphql, PageInfoFields } from "../graphql.js";

/** One page of the audit trail, newest first. */
export const AuditEventsQuery = graphql(
  `
  query AuditEvents($first: Int, $after: String, $filter: AuditEventFilter) {
    auditEvents(first: $first, after: $after, filter: $filter) {
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        id
        occurredAt
        action
        actorId
        actorLabel
        credentialKind
        subjectType
        subjectId
        subjectLabel
        reason
        requestId
        before
        after
      }
    }
  }
`,
  [PageInfoFields],
);
