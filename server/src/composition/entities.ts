import { ApiKey } from "../modules/api-key/api-key.entity.js";
import { ApiKeyCount } from "../modules/api-key/api-key-count.entity.js";
import { ApiKeyCreation } from "../modules/api-key/api-key-creation.entity.js";
import { KeyRevocationRecord } from "../modules/api-key/key-revocation-record.entity.js";
import { AuditRecord } from "../modules/audit/audit-record.entity.js";
import { AccessToken } from "../modules/auth/access-token.entity.js";
import { Session } from "../modules/auth/session.entity.js";
import { Collaborator } from "../modules/collaborator/collaborator.entity.js";
import { GroupEmail } from "../modules/holder/group-email/group-email.entity.js";
import { GroupMembership } from "../modules/holder/group-email/group-membership.entity.js";
import { Holder } from "../modules/holder/holder.entity.js";
import { User } from "../modules/holder/user/user.entity.js";
import { LeaverCase } from "../modules/leaver-case/leaver-case.entity.js";
import {
  JobWorker,
  NoticeMessage,
  NotifyCategorySetting,
  WebhookDelivery,
  WebhookEndpoint,
} from "../modules/notify/notify.entities.js";
import { OffboardingRecord } from "../modules/offboarding/offboarding-record.entity.js";
import { OidcIdentity } from "../modules/oidc/oidc-identity.entity.js";
import {
  RiskGroup,
  RiskGroupCount,
  RiskHolder,
  RiskHolderWorks,
  RiskKeyCount,
  RiskService,
} from "../modules/risk/risk-summary.entity.js";
import { ScimClient } from "../modules/scim/scim-client.entity.js";
import { Service } from "../modules/service/service.entity.js";

/** Every persisted entity, listed explicitly (no folder scanning at boot). */
export const entities = [
  Holder,
  User,
  GroupEmail,
  GroupMembership,
  Service,
  Collaborator,
  ApiKey,
  ApiKeyCount,
  ApiKeyCreation,
  AuditRecord,
  Session,
  AccessToken,
  OffboardingRecord,
  RiskHolder,
  RiskGroup,
  RiskGroupCount,
  RiskKeyCount,
  RiskHolderWorks,
  RiskService,
  LeaverCase,
  ScimClient,
  OidcIdentity,
  KeyRevocationRecord,
  NotifyCategorySetting,
  NoticeMessage,
  WebhookEndpoint,
  WebhookDelivery,
  JobWorker,
];
