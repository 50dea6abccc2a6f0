import { graphql } from "../../graphql.js";

export const ViewerFields = graphql(`
  fragment ViewerFields on Viewer {
    role
    credentialKind
    user {
      id
      email
      name
    }
  }
`);

export const MeQuery = graphql(
  `
  query Me {
    me {
      ...ViewerFields
    }
  }
`,
  [ViewerFields],
);

export const SignInMutation = graphql(
  `
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      viewer {
        ...ViewerFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`,
  [ViewerFields],
);

export const SignOutMutation = graphql(`
  mutation SignOut {
    signOut
  }
`);
