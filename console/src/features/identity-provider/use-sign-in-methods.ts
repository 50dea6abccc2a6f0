import { useQuery } from "urql";
import { SignInMethodsQuery } from "./sign-in-methods.graphql.js";

/** How this Keyholder lets people sign in; until it answers (or if it cannot), passwords are offered. */
export function useSignInMethods() {
  const [{ data, fetching }] = useQuery({ query: SignInMethodsQuery });
  return {
    ready: !fetching,
    password: data?.signInMethods.password ?? true,
    identityProvider: data?.signInMethods.identityProvider ?? null,
  };
}
