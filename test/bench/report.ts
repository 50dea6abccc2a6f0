import type { Measurement } from "./measure.ts";
import { ratio } from "./stats.ts";

/** The goal: Keyholder within 1.5x of the raw baseline (which includes HTTP). */
export const GOAL_MAX_RATIO = 1.5;

/** Keyholder relative to the baseline, per gated metric. */
export interface Ratios {
  cpu: number | null;
  p50: number | null;
  p99: number | null;
}

/** Ratios of `subject` over `baseline`. */
export function ratios(subject: Measurement, baseline: Measurement): Ratios {
  return {
    cpu: ratio(subject.cpuUsPerRequest, baseline.cpuUsPerRequest),
    p50: ratio(subject.latencyMs.p50, baseline.latencyMs.p50),
    p99: ratio(subject.latencyMs.p99, baseline.latencyMs.p99),
  };
}

/** True when every ratio is known and within the goal. */
export function goalMet(r: Ratios): boolean {
  return Object.values(r).every((v) => v != null && v <= GOAL_MAX_RATIO);
}

/** A number with `digits` decimals, or "n/a". */
export const fmt = (value: number | null, digits = 0) => (value == null ? "n/a" : value.toFixed(digits));
/** A ratio as `1.23x`, or "n/a". */
export const times = (value: number | null) => (value == null ? "n/a" : `${value.toFixed(2)}x`);

/** Statements per request, with those spent on authentication shown apart. */
export function sqlCell(m: Measurement): string {
  if (m.sqlPerRequest == null) return "n/a";
  const auth = m.authSqlPerRequest ?? 0;
  return auth > 0 ? `${fmt(m.sqlPerRequest, 2)} + ${fmt(auth, 2)} auth` : fmt(m.sqlPerRequest, 2);
}

/** Columns aligned: the first left, the others right. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows
    .map((row) =>
      row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join("  "),
    )
    .join("\n");
}

/** The header of a table of measurements; `measurementRow` gives its rows. */
export const MEASUREMENT_HEADER = [
  "target",
  "CPU µs/req",
  "DB CPU µs/req",
  "p50 ms",
  "p99 ms",
  "mean ms",
  "req/s",
  "SQL/req",
  "bytes",
];

/** One measurement as a row under MEASUREMENT_HEADER. */
export function measurementRow(m: Measurement): string[] {
  return [
    m.name,
    fmt(m.cpuUsPerRequest),
    fmt(m.dbCpuUsPerRequest),
    fmt(m.latencyMs.p50, 2),
    fmt(m.latencyMs.p99, 2),
    fmt(m.latencyMs.mean, 2),
    fmt(m.requestsPerSecond),
    sqlCell(m),
    fmt(m.responseBytes),
  ];
}

/** A measurement for the JSON line: µs and req/s rounded to integers, latencies to 1 µs. */
export function roundMeasurement(m: Measurement) {
  return {
    ...m,
    cpuUsPerRequest: Math.round(m.cpuUsPerRequest),
    dbCpuUsPerRequest: m.dbCpuUsPerRequest == null ? null : Math.round(m.dbCpuUsPerRequest),
    latencyMs: Object.fromEntries(Object.entries(m.latencyMs).map(([k, v]) => [k, Math.round(v * 1000) / 1000])),
    requestsPerSecond: Math.round(m.requestsPerSecond),
  };
}

/** The human-readable result: one row per target, the ratios, and the verdict on the goal. */
export function formatTable(title: string, baseline: Measurement, subject: Measurement): string {
  const r = ratios(subject, baseline);
  const row = measurementRow;
  const verdict = (v: number | null) => `${times(v)} ${v != null && v <= GOAL_MAX_RATIO ? "ok" : "OVER"}`;
  return [
    title,
    "",
    table([
      MEASUREMENT_HEADER,
      row(baseline),
      row(subject),
      [
        `${subject.name} / ${baseline.name}`,
        times(r.cpu),
        times(ratio(subject.dbCpuUsPerRequest, baseline.dbCpuUsPerRequest)),
        times(r.p50),
        times(r.p99),
        times(ratio(subject.latencyMs.mean, baseline.latencyMs.mean)),
        times(ratio(subject.requestsPerSecond, baseline.requestsPerSecond)),
        "",
        "",
      ],
    ]),
    "",
    `Goal: ${subject.name} ≤ ${GOAL_MAX_RATIO}x ${baseline.name} (raw pg + HTTP) on server CPU/req, p50 and p99.`,
    `  CPU ${verdict(r.cpu)}, p50 ${verdict(r.p50)}, p99 ${verdict(r.p99)} → ${goalMet(r) ? "MET" : "NOT MET"}`,
  ].join("\n");
}

/** One machine-readable line with everything the table shows. */
export function formatJson(
  scenario: string,
  extra: Record<string, unknown>,
  baseline: Measurement,
  subject: Measurement,
): string {
  const r = ratios(subject, baseline);
  const round = roundMeasurement;
  const two = (v: number | null) => (v == null ? null : Math.round(v * 100) / 100);
  return JSON.stringify({
    scenario,
    ...extra,
    targets: { [baseline.name]: round(baseline), [subject.name]: round(subject) },
    ratios: { cpu: two(r.cpu), p50: two(r.p50), p99: two(r.p99) },
    goal: { maxRatio: GOAL_MAX_RATIO, met: goalMet(r) },
  });
}
