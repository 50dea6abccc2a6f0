import { graphql } from "@keyholder/graphql";

export const SignInMethodsQuery = graphql(`
  query SignInMethods {
    signInMethods {
      password
      identityProvider {
        name
        signInPath
      }
    }
  }
`);
