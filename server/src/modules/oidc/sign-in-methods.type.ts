import { Field, ObjectType } from "type-graphql";

@ObjectType("IdentityProviderSignIn", { description: "Signing in through the organisation's identity provider." })
export class IdentityProviderSignIn {
  @Field({ description: 'The provider\'s name, as the sign-in screen shows it ("Sign in with <name>").' })
  name!: string;

  @Field({ description: "Where the browser goes to start; add `?returnTo=/path` to come back there." })
  signInPath!: string;
}

@ObjectType("SignInMethods", { description: "How console users can sign in to this Keyholder." })
export class SignInMethods {
  @Field({ description: "Whether email and password sign-in (`signIn`) is accepted." })
  password!: boolean;

  @Field(() => IdentityProviderSignIn, { nullable: true, description: "Null when no identity provider is set up." })
  identityProvider!: IdentityProviderSignIn | null;
}
