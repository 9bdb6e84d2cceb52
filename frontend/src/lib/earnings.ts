/**
 * Shapes the earnings report for the influencer's dashboard: per-day rows for the chart (in
 * major units, one currency), totals, and per-campaign and per-link rows. Every figure is of
 * the report's period: the report carries the period's clicks and orders per link beside its
 * money, so nothing all-time (a link's lifetime counters) is mixed in.
 */
import type { DailyEarnings, EarningsGroup, EarningsTotals, LinkTraffic, PaidOut, ShoppableLink } from "./graphql/commerce";
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
  /** Counted clicks made in the period. */
  clicks: number;
  /** Orders credited in the period (by order day). */
  orders: number;
  /** Orders per counted click; null without clicks. */
  conversionRate: number | null;
  /** Money of the period's orders in the chosen currency, minor units, by where it stands now. */
  earned: Pick<EarningsTotals, EarningState> | null;
  /** Sent by the period's payouts for this row (by payout day), minor units. */
  paidOut: number;
}

function emptyTotals(): Pick<EarningsTotals, EarningState> {
  return { pending: 0, approved: 0, paid: 0, reversed: 0 };
}

function groupIn(groups: readonly EarningsGroup[], id: string | null, currency: string) {
  return groups.find((g) => g.id === id && g.totals.currency === currency) ?? null;
}

function totalsIn(groups: readonly EarningsGroup[], id: string | null, currency: string) {
  const group = groupIn(groups, id, currency);
  return group ? { pending: group.totals.pending, approved: group.totals.approved, paid: group.totals.paid, reversed: group.totals.reversed } : null;
}

/** What the period's orders earned, whatever has happened to it since: pending, approved or paid. */
export function earnedOf(earned: Pick<EarningsTotals, EarningState> | null): number {
  return earned ? earned.pending + earned.approved + earned.paid : 0;
}

/**
 * Per campaign, all for the report's period: the clicks and orders of its links, the conversion
 * rate over their sums, the money its orders earned and what the period's payouts sent for it.
 * Campaigns the influencer has links for are listed even when quiet; orders with no link (a
 * creator code) count for their campaign; money outside any campaign has the row with id null.
 */
export function campaignRows(
  links: readonly Pick<ShoppableLink, "campaignId">[],
  traffic: readonly LinkTraffic[],
  byCampaign: readonly EarningsGroup[],
  currency: string,
): TrafficRow[] {
  const rows = new Map<string | null, TrafficRow>();
  const row = (id: string | null) => {
    let found = rows.get(id);
    if (!found) {
      found = { id, clicks: 0, orders: 0, conversionRate: null, earned: null, paidOut: 0 };
      rows.set(id, found);
    }
    return found;
  };
  for (const link of links) if (link.campaignId !== null) row(link.campaignId);
  for (const t of traffic) {
    const r = row(t.campaignId);
    r.clicks += t.clicks;
    r.orders += t.orders;
  }
  for (const group of byCampaign) {
    if (group.totals.currency === currency) row(group.id);
  }
  for (const r of rows.values()) {
    r.conversionRate = r.clicks > 0 ? r.orders / r.clicks : null;
    r.earned = totalsIn(byCampaign, r.id, currency) ?? emptyTotals();
    r.paidOut = groupIn(byCampaign, r.id, currency)?.totals.paidOut ?? 0;
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

/** One link's clicks and orders in the report's period (zeros when it had none). */
export function linkTraffic(traffic: readonly LinkTraffic[], linkId: string): { clicks: number; orders: number; conversionRate: number | null } {
  const found = traffic.filter((t) => t.linkId === linkId);
  const clicks = found.reduce((n, t) => n + t.clicks, 0);
  const orders = found.reduce((n, t) => n + t.orders, 0);
  return { clicks, orders, conversionRate: clicks > 0 ? orders / clicks : null };
}

/** What the period's payouts sent in one currency, and how many there were. */
export function paidOutIn(paidOut: readonly PaidOut[], currency: string): { amount: number; payouts: number } {
  const found = paidOut.find((p) => p.currency === currency);
  return { amount: found?.amount ?? 0, payouts: found?.payouts ?? 0 };
}

/**
 * The sentence that says which period every figure on the page counts, and by which day:
 * orders (and what they earned) by order day, payouts by the day they were sent.
 */
export function periodSentence(from: string, to: string, format: (iso: string) => string): string {
  return `${format(from)} – ${format(to)} (UTC days): clicks, orders and what they earned count by the day they happened; payouts by the day they were sent.`;
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
