import { ServicesOfSlugsResolver } from "../service/services-of-slugs.resolver.js";
import { KeyGainType, KeyReassignmentType, ReassignmentType } from "./reassignment.types.js";

// A move's results name services by slug (as its audit events and stored replays do); these
// fields answer them as services.

export const KeyReassignmentServicesResolver = ServicesOfSlugsResolver(KeyReassignmentType, {
  servicesBefore: "The services the key works on before the move.",
  servicesAfter: "The services the key works on after the move.",
  gained: "Services the key starts working on with its new holder (empty with keepAccess unless allowed to widen).",
  lost: "Services that stop working (only without keepAccess).",
});

export const KeyGainServicesResolver = ServicesOfSlugsResolver(KeyGainType, {
  gained: "The services it would start working on.",
});

export const ReassignmentServicesResolver = ServicesOfSlugsResolver(ReassignmentType, {
  billingAdded: "Services on which the new holder became a Billing collaborator.",
});
