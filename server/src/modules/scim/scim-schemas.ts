/** The schema URNs of RFC 7643 and 7644 that Keyholder speaks. */
export const SCIM = {
  user: "urn:ietf:params:scim:schemas:core:2.0:User",
  group: "urn:ietf:params:scim:schemas:core:2.0:Group",
  enterpriseUser: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  /** Keyholder's own Group extension: the group email's address, when displayName is not one. */
  keyholderGroup: "urn:ietf:params:scim:schemas:extension:keyholder:2.0:Group",
  list: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  patch: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
  serviceProviderConfig: "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
  resourceType: "urn:ietf:params:scim:schemas:core:2.0:ResourceType",
  schema: "urn:ietf:params:scim:schemas:core:2.0:Schema",
} as const;

/** The media type of SCIM requests and answers. */
export const SCIM_MEDIA_TYPE = "application/scim+json";

/** The most resources one list answer holds. */
export const MAX_PAGE = 200;

/** A SCIM ListResponse. */
export function listResponse(resources: unknown[], total: number, startIndex: number) {
  return {
    schemas: [SCIM.list],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
