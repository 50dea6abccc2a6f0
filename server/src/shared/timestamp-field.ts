import { Property } from "@mikro-orm/decorators/legacy";
import { Field } from "type-graphql";

/**
 * A column of an entity holding a moment to the millisecond or null, exposed as a nullable
 * `DateTime` field with `description`.
 */
export function NullableTimestampField(description: string): PropertyDecorator {
  const column = Property({ type: "datetime", length: 3, nullable: true });
  const field = Field(() => Date, { nullable: true, description });
  return (prototype, key) => {
    column(prototype, key as string);
    field(prototype, key);
  };
}
