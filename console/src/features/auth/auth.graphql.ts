import { graphql, UserErrorFields } from "@keyholder/graphql";

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
        ...UserErrorFields
      }
    }
  }
`,
  [ViewerFields, UserErrorFields],
);

export const SignOutMutation = graphql(`
  mutation SignOut {
    signOut {
      signedOut
    }
  }
`);
