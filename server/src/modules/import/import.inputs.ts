import { Field, InputType } from "type-graphql";
import { ImportKind } from "./import-kind.js";

@InputType("ImportCsvFileInput", { description: "One CSV file of one kind, header line first (see docs/import.md)." })
export class ImportCsvFileInput {
  @Field(() => ImportKind, {
    description: "What the file's rows are: users, group emails, services, collaborators or keys.",
  })
  kind!: ImportKind;

  @Field({ description: "The file's text, UTF-8, header line first." })
  content!: string;
}

@InputType("ImportInventoryInput", {
  description:
    "An inventory file: a JSON bundle in `json`, or CSV files (one per kind) in `csv`. Exactly one of the two.",
})
export class ImportInventoryInput {
  @Field(() => String, {
    nullable: true,
    description: "A JSON bundle: `{users, groupEmails, services, collaborators, keys}`.",
  })
  json?: string | null;

  @Field(() => [ImportCsvFileInput], {
    nullable: true,
    description: "The files to import, one per kind at most; give this or the JSON document, not both.",
  })
  csv?: ImportCsvFileInput[] | null;

  @Field(() => Boolean, {
    defaultValue: false,
    description: "Write the rows (all or nothing). By default a dry run: every row is checked, nothing changes.",
  })
  apply!: boolean;
}
