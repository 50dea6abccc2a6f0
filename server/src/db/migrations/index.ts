import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261122054119_initial } from "./Migration20261122054119_initial.js";
import { Migration20261122060559_auth_and_precision } from "./Migration20261122060559_auth_and_precision.js";
import { Migration20261122065206_offboarding } from "./Migration20261122065206_offboarding.js";
import { Migration20261122120546_audit_order_by_id } from "./Migration20261122120546_audit_order_by_id.js";
import { Migration20261122145349_audit_subject_sets } from "./Migration20261122145349_audit_subject_sets.js";
import { Migration20261122150816_audit_subject_index } from "./Migration20261122150816_audit_subject_index.js";
import { Migration20261204143000_risk_summaries } from "./Migration20261204143000_risk_summaries.js";
import { Migration20261204150000_key_list_indexes } from "./Migration20261204150000_key_list_indexes.js";
import { Migration20261204160000_access_token_prefix } from "./Migration20261204160000_access_token_prefix.js";
import { Migration20261204160000_risk_counts_per_transaction } from "./Migration20261204160000_risk_counts_per_transaction.js";
import { Migration20261204160000_risk_summaries_as_owner } from "./Migration20261204160000_risk_summaries_as_owner.js";
import { Migration20261204161000_risk_fold_as_owner } from "./Migration20261204161000_risk_fold_as_owner.js";
import { Migration20261204180000_jobs_notify } from "./Migration20261204180000_jobs_notify.js";
import { Migration20261204180000_oidc_identity } from "./Migration20261204180000_oidc_identity.js";
import { Migration20261204180100_idempotency_bound_to_request } from "./Migration20261204180100_idempotency_bound_to_request.js";
import { Migration20261204181000_inventory_import } from "./Migration20261204181000_inventory_import.js";
import { Migration20261204181500_key_controls } from "./Migration20261204181500_key_controls.js";
import { Migration20261204181700_scim_leaver_cases } from "./Migration20261204181700_scim_leaver_cases.js";
import { Migration20261204185100_imported_key_identity } from "./Migration20261204185100_imported_key_identity.js";
import { Migration20261204203000_risk_group_members } from "./Migration20261204203000_risk_group_members.js";
import { Migration20261205003000_risk_service_works } from "./Migration20261205003000_risk_service_works.js";
import { Migration20261205004000_key_used_before_created } from "./Migration20261205004000_key_used_before_created.js";
import { Migration20261205040000_api_key_counts } from "./Migration20261205040000_api_key_counts.js";
import { Migration20261205041000_key_holder_active_created } from "./Migration20261205041000_key_holder_active_created.js";
import { Migration20261205041100_risk_key_count_expiry } from "./Migration20261205041100_risk_key_count_expiry.js";
import { Migration20261205050000_api_key_count_fold_guarded } from "./Migration20261205050000_api_key_count_fold_guarded.js";
import { Migration20261205050100_api_key_id_unchanged } from "./Migration20261205050100_api_key_id_unchanged.js";
import { Migration20261205050200_api_key_count_rebuild_waits } from "./Migration20261205050200_api_key_count_rebuild_waits.js";
import { Migration20261205070000_api_key_count_fold_when_needed } from "./Migration20261205070000_api_key_count_fold_when_needed.js";
import { Migration20261205070000_api_key_prefix_created } from "./Migration20261205070000_api_key_prefix_created.js";
import { Migration20261205070000_holder_search_terms } from "./Migration20261205070000_holder_search_terms.js";
import { Migration20261205070000_risk_group_count } from "./Migration20261205070000_risk_group_count.js";
import { Migration20261205070100_risk_key_count_fold_past } from "./Migration20261205070100_risk_key_count_fold_past.js";
import { Migration20261205070200_holder_departed } from "./Migration20261205070200_holder_departed.js";
import { Migration20261205070500_key_holder_active_expiry } from "./Migration20261205070500_key_holder_active_expiry.js";
import { Migration20261205090600_collaborator_holder_email } from "./Migration20261205090600_collaborator_holder_email.js";
import { Migration20261205093100_holder_email_name } from "./Migration20261205093100_holder_email_name.js";
import { Migration20261205113000_holder_active_admins } from "./Migration20261205113000_holder_active_admins.js";
import { Migration20261205180000_risk_collaborator_changed_rows } from "./Migration20261205180000_risk_collaborator_changed_rows.js";
import { Migration20261205181000_holder_ids_by_kind } from "./Migration20261205181000_holder_ids_by_kind.js";
import { Migration20261206000000_holder_id_email_name } from "./Migration20261206000000_holder_id_email_name.js";

/** Every migration, oldest first; `pnpm keyholder db:migration:create` rewrites this list. */
export const migrationsList: MigrationObject[] = [
  { name: "Migration20261122054119_initial", class: Migration20261122054119_initial },
  { name: "Migration20261122060559_auth_and_precision", class: Migration20261122060559_auth_and_precision },
  { name: "Migration20261122065206_offboarding", class: Migration20261122065206_offboarding },
  { name: "Migration20261122120546_audit_order_by_id", class: Migration20261122120546_audit_order_by_id },
  { name: "Migration20261122145349_audit_subject_sets", class: Migration20261122145349_audit_subject_sets },
  { name: "Migration20261122150816_audit_subject_index", class: Migration20261122150816_audit_subject_index },
  { name: "Migration20261204143000_risk_summaries", class: Migration20261204143000_risk_summaries },
  { name: "Migration20261204150000_key_list_indexes", class: Migration20261204150000_key_list_indexes },
  { name: "Migration20261204160000_access_token_prefix", class: Migration20261204160000_access_token_prefix },
  {
    name: "Migration20261204160000_risk_counts_per_transaction",
    class: Migration20261204160000_risk_counts_per_transaction,
  },
  { name: "Migration20261204160000_risk_summaries_as_owner", class: Migration20261204160000_risk_summaries_as_owner },
  { name: "Migration20261204161000_risk_fold_as_owner", class: Migration20261204161000_risk_fold_as_owner },
  { name: "Migration20261204180000_jobs_notify", class: Migration20261204180000_jobs_notify },
  { name: "Migration20261204180000_oidc_identity", class: Migration20261204180000_oidc_identity },
  {
    name: "Migration20261204180100_idempotency_bound_to_request",
    class: Migration20261204180100_idempotency_bound_to_request,
  },
  { name: "Migration20261204181000_inventory_import", class: Migration20261204181000_inventory_import },
  { name: "Migration20261204181500_key_controls", class: Migration20261204181500_key_controls },
  { name: "Migration20261204181700_scim_leaver_cases", class: Migration20261204181700_scim_leaver_cases },
  { name: "Migration20261204185100_imported_key_identity", class: Migration20261204185100_imported_key_identity },
  { name: "Migration20261204203000_risk_group_members", class: Migration20261204203000_risk_group_members },
  { name: "Migration20261205003000_risk_service_works", class: Migration20261205003000_risk_service_works },
  {
    name: "Migration20261205004000_key_used_before_created",
    class: Migration20261205004000_key_used_before_created,
  },
  { name: "Migration20261205040000_api_key_counts", class: Migration20261205040000_api_key_counts },
  {
    name: "Migration20261205041000_key_holder_active_created",
    class: Migration20261205041000_key_holder_active_created,
  },
  { name: "Migration20261205041100_risk_key_count_expiry", class: Migration20261205041100_risk_key_count_expiry },
  {
    name: "Migration20261205050000_api_key_count_fold_guarded",
    class: Migration20261205050000_api_key_count_fold_guarded,
  },
  { name: "Migration20261205050100_api_key_id_unchanged", class: Migration20261205050100_api_key_id_unchanged },
  {
    name: "Migration20261205050200_api_key_count_rebuild_waits",
    class: Migration20261205050200_api_key_count_rebuild_waits,
  },
  {
    name: "Migration20261205070000_api_key_count_fold_when_needed",
    class: Migration20261205070000_api_key_count_fold_when_needed,
  },
  { name: "Migration20261205070000_api_key_prefix_created", class: Migration20261205070000_api_key_prefix_created },
  { name: "Migration20261205070000_holder_search_terms", class: Migration20261205070000_holder_search_terms },
  { name: "Migration20261205070000_risk_group_count", class: Migration20261205070000_risk_group_count },
  {
    name: "Migration20261205070100_risk_key_count_fold_past",
    class: Migration20261205070100_risk_key_count_fold_past,
  },
  { name: "Migration20261205070200_holder_departed", class: Migration20261205070200_holder_departed },
  { name: "Migration20261205070500_key_holder_active_expiry", class: Migration20261205070500_key_holder_active_expiry },
  {
    name: "Migration20261205090600_collaborator_holder_email",
    class: Migration20261205090600_collaborator_holder_email,
  },
  { name: "Migration20261205093100_holder_email_name", class: Migration20261205093100_holder_email_name },
  { name: "Migration20261205113000_holder_active_admins", class: Migration20261205113000_holder_active_admins },
  {
    name: "Migration20261205180000_risk_collaborator_changed_rows",
    class: Migration20261205180000_risk_collaborator_changed_rows,
  },
  { name: "Migration20261205181000_holder_ids_by_kind", class: Migration20261205181000_holder_ids_by_kind },
  { name: "Migration20261206000000_holder_id_email_name", class: Migration20261206000000_holder_id_email_name },
];
