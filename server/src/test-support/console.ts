import type { LightMyRequestResponse } from "fastify";
import { print } from "graphql";
import { hashPassword } from "../modules/auth/password.js";
import { User } from "../modules/holder/user/user.entity.js";
import type { Role } from "../shared/role.js";
import type { TestDatabase } from "./database.js";
import { type GqlClient, graphql, type TestApi, UserErrorFields, withHeaders } from "./graphql.js";

export const SIGN_IN = graphql(
  `mutation SignIn($input: SignInInput!) {
    signIn(input: $input) { expiresAt viewer { role credentialKind user { id email } } errors { ...UserErrorFields } }
  }`,
  [UserErrorFields],
);

export const ME = graphql(`query Me { me { role credentialKind user { id email } } }`);

/** Creates an active console user with a password, ready to sign in. */
export async function consoleUser(db: TestDatabase, email: string, role: Role, password: string): Promise<User> {
  const em = db.em();
  const user = em.create(User, { email, name: email.split("@")[0] ?? email, consoleRole: role });
  user.passwordHash = await hashPassword(password);
  await em.persist(user).flush();
  return user;
}

/** What a raw sign-in returned. */
export interface SignInResult {
  response: LightMyRequestResponse;
  /** The `kh_session` cookie as set, with its attributes. */
  cookie: LightMyRequestResponse["cookies"][number] | undefined;
  token: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: the signIn payload is JSON whose shape each test asserts on.
  payload: any;
}

/** A raw sign-in over HTTP: the response, its session cookie (when set) and the payload. */
export async function signIn(
  api: TestApi,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<SignInResult> {
  const response = await api.app.inject({
    method: "POST",
    url: "/graphql",
    headers: { "content-type": "application/json", ...headers },
    payload: JSON.stringify({ query: print(SIGN_IN), variables: { input: { email, password } } }),
  });
  const cookie = response.cookies.find((c) => c.name === "kh_session");
  return { response, cookie, token: cookie?.value ?? null, payload: response.json().data?.signIn };
}

/** Sends GraphQL with a session cookie (and no bearer token); typed like `api.gql`. */
export function withSession(api: TestApi, token: string): GqlClient {
  return withHeaders(api.anonymous, { cookie: `kh_session=${token}` });
}
