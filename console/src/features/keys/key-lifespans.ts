/** The lifespans the API offers (`KeyLifespan`), in words. */
export const LIFESPANS = [
  { value: "DAYS_30", label: "30 days" },
  { value: "DAYS_60", label: "60 days" },
  { value: "DAYS_90", label: "90 days" },
  { value: "DAYS_180", label: "180 days" },
  { value: "DAYS_365", label: "1 year" },
  { value: "NEVER", label: "Never expires" },
] as const;

export type Lifespan = (typeof LIFESPANS)[number]["value"];
