import type { UseFormReturnType } from "@mantine/form";
import type { ReactNode } from "react";
import { LIMIT, limited } from "./text-limit.js";

/** A form rule for a required name of at most `max` characters; `missing` is what a blank one is told. */
export function nameRule(max: number, missing: string) {
  return (value: string) => {
    const name = value.trim();
    if (!name) return missing;
    return name.length > max ? `At most ${max} characters` : null;
  };
}

/**
 * A form rule for a NumberInput that takes a whole number from `min` to `max`. The input keeps
 * what was typed (`clampBehavior="none"`), so a fraction or an out-of-range number is told
 * `message` instead of being changed silently into a number nobody chose.
 */
export function wholeNumberRule(min: number, max: number, message: string) {
  return (value: number | string) =>
    typeof value === "number" && Number.isInteger(value) && value >= min && value <= max ? null : message;
}

/**
 * Props for the first field of a form that names something: a required, focused "Name" input
 * of at most `max` characters that counts them near the limit (`limited`).
 */
export function nameInputProps<T extends { name: string }>(form: UseFormReturnType<T>, max: number, hint?: ReactNode) {
  return {
    label: "Name",
    required: true,
    "data-autofocus": true,
    ...form.getInputProps("name"),
    ...limited(max, form.values.name, hint),
  };
}

/** Props for an optional description of at most `LIMIT.description` characters, counted near the limit. */
export function descriptionInputProps<T extends { description: string }>(form: UseFormReturnType<T>, hint?: ReactNode) {
  return {
    label: "Description",
    ...form.getInputProps("description"),
    ...limited(LIMIT.description, form.values.description, hint),
  };
}
