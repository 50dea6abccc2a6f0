import { Property } from "@mikro-orm/decorators/legacy";
import { Field } from "type-graphql";

/**
 * A column of an entity holding a moment to the millisecond, exposed as a `DateTime` field with
 * `description`: null allowed in both with `nullable`, the column filled by the database with
 * `defaultNow`.
 */
export function TimestampField(
  description: string,
  { nullable = false, defaultNow = false }: { nullable?: boolean; defaultNow?: boolean } = {},
): PropertyDecorator {
  const column = Property({
    type: "datetime",
    length: 3,
    ...(nullable ? { nullable: true } : {}),
    ...(defaultNow ? { defaultRaw: "now()" } : {}),
  });
  const field = Field(() => Date, { description, ...(nullable ? { nullable: true } : {}) });
  return (prototype, key) => {
    column(prototype, key as string);
    field(prototype, key);
  };
}
