import { graphql } from "./graphql.js";
import { ServiceRefFields } from "./service.graphql.js";

/** Another key of the new holder that works on more services once the holder is Billing there. */
export const KeyGainFields = graphql(
  `
  fragment KeyGainFields on KeyGain @_unmask {
    keyId
    name
    prefix
    holderEmail
    gained {
      ...ServiceRefFields
    }
  }
`,
  [ServiceRefFields],
);

/**
 * What moving keys does (or, previewed, would do): where each key works before and after, the
 * Billing roles added to keep it working, and every key that would work on more services.
 * Unmasked, so a reassignment's result reads as if written out.
 */
export const ReassignmentFields = graphql(
  `
  fragment ReassignmentFields on Reassignment @_unmask {
    toHolderId
    toHolderEmail
    billingAdded {
      ...ServiceRefFields
    }
    keys {
      keyId
      name
      prefix
      fromHolderId
      fromHolderEmail
      servicesBefore {
        ...ServiceRefFields
      }
      servicesAfter {
        ...ServiceRefFields
      }
      gained {
        ...ServiceRefFields
      }
      lost {
        ...ServiceRefFields
      }
    }
    otherKeysGaining {
      ...KeyGainFields
    }
    widens
  }
`,
  [ServiceRefFields, KeyGainFields],
);
