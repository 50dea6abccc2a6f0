import { keyAuditSubjects } from "../modules/api-key/api-key.audit-subjects.js";
import { ApiKey } from "../modules/api-key/api-key.entity.js";
import { AuditRecord } from "../modules/audit/audit-record.entity.js";
import { registerAuditSubjects } from "../modules/audit/audit-subjects.js";
import { AccessToken } from "../modules/auth/access-token.entity.js";
import { tokenAuditSubjects } from "../modules/auth/auth.audit-subjects.js";
import { Session } from "../modules/auth/session.entity.js";
import { Collaborator } from "../modules/collaborator/collaborator.entity.js";
import { GroupEmail } from "../modules/holder/group-email/group-email.entity.js";
import { GroupMembership } from "../modules/holder/group-email/group-membership.entity.js";
import { holderAuditSubjects } from "../modules/holder/holder.audit-subjects.js";
import { Holder } from "../modules/holder/holder.entity.js";
import { User } from "../modules/holder/user/user.entity.js";
import { LeaverCase } from "../modules/leaver-case/leaver-case.entity.js";
import { OffboardingRecord } from "../modules/offboarding/offboarding-record.entity.js";
import { RiskHolder, RiskKeyCount } from "../modules/risk/risk-summary.entity.js";
import { ScimClient } from "../modules/scim/scim-client.entity.js";
import { serviceAuditSubjects } from "../modules/service/service.audit-subjects.js";
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
  AuditRecord,
  Session,
  AccessToken,
  OffboardingRecord,
  RiskHolder,
  RiskKeyCount,
  LeaverCase,
  ScimClient,
];

// The tables whose rows audit events are about, each described by the module that owns it: the
// audit log labels and finds subjects through these (see `registerAuditSubjects`). Registered
// with the entities, as every program and test that reads the log loads them first.
registerAuditSubjects(holderAuditSubjects, serviceAuditSubjects, keyAuditSubjects, tokenAuditSubjects);
