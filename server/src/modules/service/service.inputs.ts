import { ID, InputType, Int } from "type-graphql";
import { Checked, keep } from "../../shared/input-contract.js";
import { RenamingInput } from "../../shared/renaming.inputs.js";
import { optionalText, reason, recordId, slug, text, version } from "../../shared/validation.js";

@InputType("CreateServiceInput", { description: "A new service that keys can work on." })
export class CreateServiceInput {
  @Checked(slug, { description: "Lower-case letters and digits in hyphen-separated words, e.g. `parking-fines`." })
  slug!: string;

  @Checked(text(200), { description: "A display name, e.g. `Parking fines` (1 to 200 characters)." })
  name!: string;

  @Checked(optionalText(2000), () => String, {
    nullable: true,
    description: "What the service is (up to 2,000 characters); optional.",
  })
  description?: string | null;
}

@InputType("UpdateServiceInput", { description: "Omitted fields keep their value; a blank description clears it." })
export class UpdateServiceInput extends RenamingInput {
  @Checked(recordId, () => ID, { description: "The service." })
  id!: string;

  @Checked(version, () => Int, { description: "The service's version you read; a stale one yields VERSION_CONFLICT." })
  version!: number;

  @Checked(keep(slug), () => String, {
    nullable: true,
    description: "A new slug; unique (SLUG_TAKEN). Callers that look the service up by slug must follow.",
  })
  slug?: string | null;
}

@InputType("ArchiveServiceInput", { description: "The service to archive." })
export class ArchiveServiceInput {
  @Checked(recordId, () => ID, { description: "The service." })
  id!: string;

  @Checked(version, () => Int, { description: "The service's version you read; a stale one yields VERSION_CONFLICT." })
  version!: number;

  @Checked(reason, () => String, { nullable: true, description: "Why, for the audit trail (up to 1,000 characters)." })
  reason?: string | null;
}

/** Restoring names the service as archiving does; its own input type lets the two evolve apart. */
@InputType("RestoreServiceInput", { description: "The archived service to restore." })
export class RestoreServiceInput extends ArchiveServiceInput {}
