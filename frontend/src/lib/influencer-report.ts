/**
 * An influencer's own rows of the attribution report (per post or per link), shaped for the
 * earnings page's chart: which posts and links drove orders, and how much each brought in.
 */
import type { ReportGroupBy, ReportRow } from "./graphql/reports";
import { toMajor } from "./money";

/** The report groupings of an influencer's own rows. */
export type OwnGrouping = Extract<ReportGroupBy, "POST" | "LINK">;

export interface DriverBar {
  /** The row's channel id; null for credit with no post (or no link, e.g. a creator code). */
  id: string | null;
  /** Short, for the chart's axis. */
  label: string;
  /** In full, for the tooltip and the screen-reader table. */
  fullLabel: string;
  /** Major units of the report's currency. */
  revenue: number;
  conversions: number;
  clicks: number;
}

export interface DriverChart {
  bars: DriverBar[];
  /** Rows that drove orders but did not fit in the chart. */
  more: number;
}

function shorten(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join("").trimEnd()}…` : text;
}

/**
 * A row's name: a post's caption (first line), a link's product title beside its code when
 * the link is known, and words for credit that has no post or link.
 */
export function driverLabel(row: Pick<ReportRow, "channelId" | "label">, groupBy: OwnGrouping, linkTitles: ReadonlyMap<string, string> = new Map()): string {
  if (row.channelId === null) return groupBy === "POST" ? "Not from a post" : "Creator code";
  const label = (row.label ?? "").split("\n")[0]?.trim() ?? "";
  if (groupBy === "LINK") {
    const title = linkTitles.get(row.channelId);
    const code = label || row.channelId;
    return title ? `${title} (/l/${code})` : `/l/${code}`;
  }
  return label || "Untitled post";
}

/**
 * The axis name: short, and for a link its code first, since several links can sell the same
 * product and the code is what tells them apart.
 */
export function shortDriverLabel(row: Pick<ReportRow, "channelId" | "label">, groupBy: OwnGrouping, linkTitles: ReadonlyMap<string, string> = new Map()): string {
  if (groupBy === "LINK" && row.channelId !== null) {
    const code = `/l/${(row.label ?? "").trim() || row.channelId}`;
    const title = linkTitles.get(row.channelId);
    return title ? `${code} · ${shorten(title, 14)}` : code;
  }
  return shorten(driverLabel(row, groupBy, linkTitles), 24);
}

/**
 * Rows that drove orders (a conversion or revenue), most revenue first (ties: more orders,
 * then name), at most `limit` bars; `more` counts the rest. The report has a row per brand
 * and channel, so one post (tagging two brands' products) or the credit with no post at all
 * comes once per brand: they are added up into one bar.
 */
export function driverChart(
  rows: readonly ReportRow[],
  groupBy: OwnGrouping,
  linkTitles: ReadonlyMap<string, string> = new Map(),
  limit = 10,
): DriverChart {
  const merged = new Map<string | null, DriverBar>();
  for (const row of rows) {
    if (row.conversions <= 0 && row.revenue.amountMinor <= 0) continue;
    const revenue = toMajor(row.revenue.amountMinor, row.revenue.currency);
    const seen = merged.get(row.channelId);
    if (seen) {
      seen.revenue += revenue;
      seen.conversions += row.conversions;
      seen.clicks += row.clicks;
      continue;
    }
    const fullLabel = driverLabel(row, groupBy, linkTitles);
    merged.set(row.channelId, { id: row.channelId, label: shortDriverLabel(row, groupBy, linkTitles), fullLabel, revenue, conversions: row.conversions, clicks: row.clicks });
  }
  const bars = [...merged.values()]
    .map((bar) => ({ ...bar, revenue: Math.round(bar.revenue * 1e6) / 1e6 }))
    .sort((a, b) => b.revenue - a.revenue || b.conversions - a.conversions || a.fullLabel.localeCompare(b.fullLabel));
  return { bars: bars.slice(0, limit), more: Math.max(0, bars.length - limit) };
}

/** Link id → product title, from the influencer's own links. */
export function linkTitleMap(links: readonly { id: string; label?: string | null; product: { title: string } | null }[]): Map<string, string> {
  // A link's label names its product and, when it belongs to one, its post.
  return new Map(links.flatMap((link) => {
    const name = link.label ?? link.product?.title;
    return name ? [[link.id, name] as const] : [];
  }));
}
