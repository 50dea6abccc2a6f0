import type { Role } from "@keyholder/graphql";
import { Route } from "wouter";
import { type RenderOptions, renderConsole } from "../../test/render.js";
import HolderPage from "./HolderPage.js";
import { holderAudit, holderKeys } from "./test-support/holder-fixtures.js";

/** Renders the holder page at `url` as the router would, with empty keys and timeline unless given. */
export function renderHolder(url: string, answers: RenderOptions["answers"], role: Role = "ADMIN") {
  return renderConsole(<Route path="/holders/:id" component={HolderPage} />, {
    url,
    role,
    answers: { HolderKeys: holderKeys(), HolderAudit: holderAudit(), ...answers },
  });
}
