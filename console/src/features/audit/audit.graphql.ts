import { graphql } from "@keyholder/graphql";

export const AuditEntryFields = graphql(`
  fragment AuditEntryFields on AuditEntry {
    id
    occurredAt
    action
    actorId
    actorLabel
    credentialKind
    subjectType
    subjectId
    subjectCount
    subjectLabel
    before
    after
    reason
    requestId
  }
`);

/** The trail as recorded: a change made alike to many subjects (an offboarding's keys) is one entry. */
export const AuditEntriesQuery = graphql(
  `
  query AuditEntries($first: Int!, $after: String, $filter: AuditEventFilter) {
    auditEntries(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...AuditEntryFields
      }
    }
  }
`,
  [AuditEntryFields],
);

/** A page of one entry's subjects, for an open subject set: with `subject`, those the subject filter names. */
export const AuditEntrySubjectsQuery = graphql(`
  query AuditEntrySubjects($id: ID!, $first: Int!, $after: String, $subject: String) {
    auditEntry(id: $id) {
      id
      subjects(first: $first, after: $after, subject: $subject) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          subjectType
          subjectId
          subjectLabel
        }
      }
    }
  }
`);

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
