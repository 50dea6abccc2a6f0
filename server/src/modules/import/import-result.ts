import { Field, ID, Int, ObjectType } from "type-graphql";
import { ErrorCode } from "../../shared/errors.js";
import { ImportKind, ImportOutcome } from "./import-kind.js";

@ObjectType("ImportRowResult", { description: "What importing one row of the file does, or why it cannot." })
export class ImportRowResult {
  @Field(() => ImportKind, { description: "The file the row is in." })
  kind!: ImportKind;

  @Field(() => Int, {
    description:
      "The row's number: its line in a CSV file (the header is line 1), its position (from 1) in a JSON array.",
  })
  row!: number;

  @Field(() => ImportOutcome, { description: "What importing the row does (or did)." })
  outcome!: ImportOutcome;

  @Field(() => String, { nullable: true, description: "The row's email, slug, `service / holder / role` or key name." })
  reference!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "The record the row created or matched (in a dry run, the id it would get); null when refused.",
  })
  id!: string | null;

  @Field(() => ErrorCode, { nullable: true, description: "Why the row is refused." })
  code!: ErrorCode | null;

  @Field(() => String, { nullable: true, description: "The row's field at fault, when there is one." })
  field!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Why the row is refused, in plain English; null unless refused.",
  })
  message!: string | null;
}

@ObjectType("ImportKindCount", { description: "How many rows of one kind had each outcome." })
export class ImportKindCount {
  @Field(() => ImportKind, { description: "The kind of row counted." })
  kind!: ImportKind;

  @Field(() => Int, { description: "Rows that add something new." })
  created!: number;

  @Field(() => Int, { description: "Rows that change something stored." })
  updated!: number;

  @Field(() => Int, { description: "Rows that match what is stored." })
  unchanged!: number;

  @Field(() => Int, { description: "Rows refused, each with its code in `rows`." })
  refused!: number;
}

@ObjectType("ImportResult", { description: "An inventory import: per-row results, and whether it was applied." })
export class ImportResult {
  @Field({
    description:
      "True when the rows were written. False for a dry run, and for an apply refused because a row was: all or nothing.",
  })
  applied!: boolean;

  @Field(() => [ImportKindCount], { description: "Outcomes per kind of row." })
  counts!: ImportKindCount[];

  @Field(() => Int, { description: "Rows refused in all; when above 0 an apply writes nothing." })
  refused!: number;

  @Field(() => [ImportRowResult], { description: "Every row, by kind (users first, keys last) then row number." })
  rows!: ImportRowResult[];
}
