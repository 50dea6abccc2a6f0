import { graphql, UserErrorFields } from "@keyholder/graphql";

export const OutboxQuery = graphql(`
  query Outbox($first: Int, $after: String, $status: String) {
    outbox(first: $first, after: $after, status: $status) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        category
        recipient
        subject
        textBody
        status
        attempts
        lastError
        createdAt
        sentAt
      }
    }
  }
`);

export const NoticeCategoriesQuery = graphql(`
  query NoticeCategories {
    noticeCategories {
      category
      enabled
    }
  }
`);

export const SetNoticeCategoryMutation = graphql(
  `
  mutation SetNoticeCategory($input: SetNoticeCategoryInput!) {
    setNoticeCategory(input: $input) {
      setting {
        category
        enabled
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);
