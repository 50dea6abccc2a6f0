import { ID, InputType, Int } from "type-graphql";
import { Checked, keep } from "../../shared/input-contract.js";
import { optionalText, reason, recordId, slug, text, version } from "../../shared/validation.js";

@InputType("CreateServiceInput")
export class CreateServiceInput {
  @Checked(slug, { description: "Lower-case letters and digits in hyphen-separated words, e.g. `parking-fines`." })
  slug!: string;

  @Checked(text(200))
  name!: string;

  @Checked(optionalText(2000), () => String, { nullable: true })
  description?: string | null;
}

@InputType("UpdateServiceInput", { description: "Omitted fields keep their value; a blank description clears it." })
export class UpdateServiceInput {
  @Checked(recordId, () => ID)
  id!: string;

  @Checked(version, () => Int)
  version!: number;

  @Checked(keep(slug), () => String, { nullable: true })
  slug?: string | null;

  @Checked(keep(text(200)), () => String, { nullable: true })
  name?: string | null;

  @Checked(optionalText(2000).optional(), () => String, { nullable: true })
  description?: string | null;
}

@InputType("ArchiveServiceInput")
export class ArchiveServiceInput {
  @Checked(recordId, () => ID)
  id!: string;

  @Checked(version, () => Int)
  version!: number;

  @Checked(reason, () => String, { nullable: true })
  reason?: string | null;
}
