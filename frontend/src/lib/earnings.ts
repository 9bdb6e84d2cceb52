/**
 * Shapes the earnings report for the influencer's dashboard: per-day rows for the chart (in
 * major units, one currency), totals, and per-campaign rows joined with the links' clicks and
 * orders (the report has money per campaign; the links have the traffic).
 */
import type { DailyEarnings, EarningsGroup, EarningsTotals, ShoppableLink } from "./graphql/commerce";
import { toMajor } from "./money";

export const EARNING_STATES = ["pending", "approved", "paid", "reversed"] as const;
export type EarningState = (typeof EARNING_STATES)[number];

export interface EarningsRow {
  /** ISO date, e.g. 2026-06-01. */
  day: string;
  pending: number;
  approved: number;
  paid: number;
  reversed: number;
}

/** The currency to show first: the one with the most money in it (ties: alphabetical). */
export function mainCurrency(totals: readonly EarningsTotals[]): string | null {
  const sum = (t: EarningsTotals) => t.pending + t.approved + t.paid + t.reversed + t.onHold;
  const sorted = [...totals].sort((a, b) => sum(b) - sum(a) || a.currency.localeCompare(b.currency));
  return sorted[0]?.currency ?? null;
}

/** One row per day of the report, in major units of `currency`; days with nothing stay as 0. */
export function earningsRows(daily: readonly DailyEarnings[], currency: string): EarningsRow[] {
  const series = daily.find((d) => d.currency === currency);
  if (!series) return [];
  return series.days.map((day, i) => ({
    day,
    pending: toMajor(series.pending[i] ?? 0, currency),
    approved: toMajor(series.approved[i] ?? 0, currency),
    paid: toMajor(series.paid[i] ?? 0, currency),
    reversed: toMajor(series.reversed[i] ?? 0, currency),
  }));
}

/** True when the chart would be all zeros (the dashboard then says so instead). */
export function isFlat(rows: readonly EarningsRow[]): boolean {
  return rows.every((row) => EARNING_STATES.every((state) => row[state] === 0));
}

export interface TrafficRow {
  id: string | null;
  clicks: number;
  orders: number;
  /** Orders per counted click; null without clicks. */
  conversionRate: number | null;
  /** Money earned in the chosen currency, minor units, by state. */
  earned: Pick<EarningsTotals, EarningState> | null;
}

function emptyTotals(): Pick<EarningsTotals, EarningState> {
  return { pending: 0, approved: 0, paid: 0, reversed: 0 };
}

function totalsIn(groups: readonly EarningsGroup[], id: string | null, currency: string) {
  const group = groups.find((g) => g.id === id && g.totals.currency === currency);
  return group ? { pending: group.totals.pending, approved: group.totals.approved, paid: group.totals.paid, reversed: group.totals.reversed } : null;
}

/**
 * Per campaign: the links' clicks and orders summed, the conversion rate over the sum, and the
 * money earned. Campaigns that only appear in one of the two sources are kept; links made
 * outside any campaign share the row with id null.
 */
export function campaignRows(
  links: readonly ShoppableLink[],
  byCampaign: readonly EarningsGroup[],
  currency: string,
): TrafficRow[] {
  const rows = new Map<string | null, TrafficRow>();
  const row = (id: string | null) => {
    let found = rows.get(id);
    if (!found) {
      found = { id, clicks: 0, orders: 0, conversionRate: null, earned: null };
      rows.set(id, found);
    }
    return found;
  };
  for (const link of links) {
    const r = row(link.campaignId);
    r.clicks += link.clicks;
    r.orders += link.orders;
  }
  for (const group of byCampaign) {
    if (group.totals.currency === currency) row(group.id);
  }
  for (const r of rows.values()) {
    r.conversionRate = r.clicks > 0 ? r.orders / r.clicks : null;
    r.earned = totalsIn(byCampaign, r.id, currency) ?? emptyTotals();
  }
  // Campaigns first, most orders first; "no campaign" last; then by id for a stable order.
  return [...rows.values()].sort(
    (a, b) =>
      Number(a.id === null) - Number(b.id === null) ||
      b.orders - a.orders ||
      b.clicks - a.clicks ||
      String(a.id).localeCompare(String(b.id)),
  );
}

/** Money one link earned, in the chosen currency (zeros when it earned nothing yet). */
export function linkEarnings(byLink: readonly EarningsGroup[], linkId: string, currency: string) {
  return totalsIn(byLink, linkId, currency) ?? emptyTotals();
}

/** Dates for "the last n days" ending today (UTC, as the API counts days). */
export function lastDays(n: number, today: Date = new Date()): { from: string; to: string } {
  const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const start = new Date(end.getTime() - (n - 1) * 86_400_000);
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}
