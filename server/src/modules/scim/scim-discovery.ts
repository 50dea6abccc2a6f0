import { SCIM } from "./scim-schemas.js";

/** GET /ServiceProviderConfig (RFC 7643 §5): what this service provider supports. */
export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [SCIM.serviceProviderConfig],
    documentationUri: "https://github.com/keyholder/keyholder/blob/main/docs/api-guide.md#scim",
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: 200 },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "Bearer token",
        description: "A SCIM token issued by a Keyholder ADMIN (issueScimToken), or the SCIM_TOKEN setting.",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
  };
}

/** GET /ResourceTypes (RFC 7643 §6). */
export function resourceTypes(baseUrl: string) {
  return [
    {
      schemas: [SCIM.resourceType],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "A member of staff; userName is the email address.",
      schema: SCIM.user,
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [SCIM.resourceType],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "A group email and its members.",
      schema: SCIM.group,
      schemaExtensions: [{ schema: SCIM.keyholderGroup, required: false }],
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

const attribute = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...extra,
});

/** GET /Schemas (RFC 7643 §7): the attributes Keyholder keeps. */
export function schemas(baseUrl: string) {
  return [
    {
      schemas: [SCIM.schema],
      id: SCIM.user,
      name: "User",
      description: "A member of staff.",
      attributes: [
        attribute("userName", "string", { required: true, uniqueness: "server" }),
        attribute("name", "complex", {
          subAttributes: [
            attribute("formatted", "string"),
            attribute("givenName", "string"),
            attribute("familyName", "string"),
          ],
        }),
        attribute("displayName", "string"),
        attribute("emails", "complex", {
          multiValued: true,
          mutability: "readOnly",
          subAttributes: [attribute("value", "string"), attribute("type", "string"), attribute("primary", "boolean")],
        }),
        attribute("active", "boolean"),
      ],
      meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${SCIM.user}` },
    },
    {
      schemas: [SCIM.schema],
      id: SCIM.group,
      name: "Group",
      description: "A group email.",
      attributes: [
        attribute("displayName", "string", { required: true }),
        attribute("members", "complex", {
          multiValued: true,
          subAttributes: [
            attribute("value", "string", { mutability: "immutable" }),
            attribute("display", "string", { mutability: "readOnly" }),
            attribute("$ref", "reference", { mutability: "immutable", referenceTypes: ["User"] }),
          ],
        }),
      ],
      meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${SCIM.group}` },
    },
    {
      schemas: [SCIM.schema],
      id: SCIM.keyholderGroup,
      name: "KeyholderGroup",
      description: "The group email's address, when displayName is not one.",
      attributes: [attribute("email", "string", { uniqueness: "server" })],
      meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${SCIM.keyholderGroup}` },
    },
  ];
}
