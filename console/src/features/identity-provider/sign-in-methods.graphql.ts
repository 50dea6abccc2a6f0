import { graphql } from "../../graphql.js";

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
