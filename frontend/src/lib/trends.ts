/**
 * Shapes trend data for the designers' charts: an element's history joined to its forecast
 * band, and the words and colours of trend states.
 */
import type { DailyValue, ElementDay, ForecastPoint, TrendState } from "./graphql/trends";

export const STATE_LABELS: Record<TrendState, string> = {
  EMERGING: "Emerging",
  RISING: "Rising",
  PEAKING: "Peaking",
  COOLING: "Cooling",
  DECLINING: "Declining",
  STEADY: "Steady",
};

/** What each state means, for the legend beside the list. */
export const STATE_DESCRIPTIONS: Record<TrendState, string> = {
  EMERGING: "New and growing fast",
  RISING: "Growing on its usual level",
  PEAKING: "Well up, but no longer climbing",
  COOLING: "Sliding: fewer authors for two weeks running",
  DECLINING: "Falling fast",
  STEADY: "No clear change",
};

/** "+62%", "−8%", "0%". */
export function formatGrowth(pct: number): string {
  if (!Number.isFinite(pct)) return "—";
  const rounded = Math.round(pct);
  if (rounded === 0) return "0%";
  return rounded > 0 ? `+${rounded}%` : `\u2212${Math.abs(rounded)}%`;
}

export interface HistoryPoint {
  date: string;
  /** Distinct authors that day (all markets added up when several are given). */
  actual: number | null;
  /** The forecast's expected value; on the last actual day it repeats the actual so the lines meet. */
  expected: number | null;
  /** [lower, upper] of the forecast interval. */
  band: [number, number] | null;
}

/**
 * History (one series per market) + forecast → one row per day, oldest first. Days a market
 * has no row count as 0 for it. The forecast starts the day after the last actual day.
 */
export function historyWithForecast(
  history: readonly { days: readonly Pick<ElementDay, "date" | "authors">[] }[],
  forecast: readonly ForecastPoint[],
  lastDays?: number,
): HistoryPoint[] {
  const byDate = new Map<string, number>();
  for (const series of history) {
    for (const day of series.days) byDate.set(day.date, (byDate.get(day.date) ?? 0) + day.authors);
  }
  let dates = [...byDate.keys()].sort();
  if (lastDays !== undefined && dates.length > lastDays) dates = dates.slice(-lastDays);
  const rows: HistoryPoint[] = dates.map((date) => ({ date, actual: byDate.get(date) ?? 0, expected: null, band: null }));
  const last = rows[rows.length - 1];
  const future = forecast.filter((p) => !last || p.date > last.date).sort((a, b) => a.date.localeCompare(b.date));
  if (last && future.length > 0) {
    last.expected = last.actual;
    last.band = [last.actual ?? 0, last.actual ?? 0];
  }
  for (const point of future) {
    rows.push({ date: point.date, actual: null, expected: point.expected, band: [point.lower, point.upper] });
  }
  return rows;
}

/** A sparkline's values, padded with 0 for missing days is not needed: the API sends every day. */
export function sparklineValues(points: readonly DailyValue[]): { date: string; value: number }[] {
  return [...points].sort((a, b) => a.date.localeCompare(b.date)).map((p) => ({ date: p.date, value: p.value }));
}

/** A lift such as engagement per post over the market average: 1.42 → "1.4× avg". */
export function formatLift(lift: number): string {
  if (!Number.isFinite(lift)) return "—";
  return `${lift.toFixed(1)}\u00d7 avg`;
}

/**
 * The top of the history chart's y-axis: the scale of the data itself (authors per day and the
 * forecast line) with some headroom, rounded up to a whole step. The forecast band is
 * uncertain far out and may reach well above; it is cut at this top (`clipBand`) instead of
 * squashing the history into the bottom of the chart.
 */
export function chartTop(rows: readonly HistoryPoint[]): number {
  let peak = 0;
  for (const row of rows) peak = Math.max(peak, row.actual ?? 0, row.expected ?? 0);
  const wanted = Math.max(peak * 1.5, peak + 2, 4);
  const step = wanted <= 10 ? 1 : 10 ** Math.floor(Math.log10(wanted)) / 5;
  return Math.ceil(wanted / step) * step;
}

/** The rows with each forecast band cut at `top`. */
export function clipBand(rows: readonly HistoryPoint[], top: number): HistoryPoint[] {
  return rows.map((row) => (row.band ? { ...row, band: [Math.min(row.band[0], top), Math.min(row.band[1], top)] } : row));
}
