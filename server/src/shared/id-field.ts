import { PrimaryKey } from "@mikro-orm/decorators/legacy";
import { Field, ID } from "type-graphql";

/** An entity's uuid primary key, exposed as its `ID` field with `description`. */
export function IdField(description: string): PropertyDecorator {
  const column = PrimaryKey({ type: "uuid" });
  const field = Field(() => ID, { description });
  return (prototype, key) => {
    column(prototype, key as string);
    field(prototype, key);
  };
}
