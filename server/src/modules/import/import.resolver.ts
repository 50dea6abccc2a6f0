import { PayloadMutations } from "../../graphql/mutation.js";
import { PayloadType } from "../../graphql/payload.js";
import { Role } from "../../shared/role.js";
import { ImportInventoryInput } from "./import.inputs.js";
import { importInventory } from "./import.service.js";
import { ImportResult } from "./import-result.js";

export const ImportInventoryPayload = PayloadType("ImportInventory", "result", ImportResult, {
  payload: "The import's result: every row's outcome, applied or not.",
  field: "The result (the files themselves could be read).",
});

export const ImportMutations = PayloadMutations(Role.OPERATOR, {
  importInventory: {
    payload: ImportInventoryPayload,
    description:
      "Imports an inventory file (users, group emails, services, collaborators, keys). A dry run unless `apply`; applying writes every row or none.",
    input: { type: ImportInventoryInput, description: "The files (or document) to import, and whether to apply." },
    run: importInventory,
  },
});
