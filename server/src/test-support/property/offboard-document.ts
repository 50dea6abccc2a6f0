import { graphql, type InputOf, UserErrorFields } from "../graphql.js";

/** The offboarding the model sends, with every part of the result its invariants read (services as `{ slug }`). */
export const OFFBOARD = graphql(
  `mutation ModelOffboard($input: OffboardUserInput!) { offboardUser(input: $input) {
    offboarding { userId email dryRun replayed keys { keyId name prefix action toHolderEmail servicesBefore { slug } servicesAfter { slug } }
      billingAdded { holderEmail services { slug } } otherKeysGaining { keyId gained { slug } }
      collaborationsRemoved { service { slug } role } groupsLeft sessionsEnded tokensRevoked }
    errors { ...UserErrorFields } } }`,
  [UserErrorFields],
);
export type OffboardInput = InputOf<typeof OFFBOARD>;
