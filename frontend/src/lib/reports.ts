/**
 * Attribution reports: model names, and the rows shaped for the CAC / ROAS charts.
 */
import type { AttributionModel, Metrics, ModelTotals, ReportGroupBy, ReportRow } from "./graphql/reports";
import { enumValues } from "./graphql/enums";
import { formatAmount, parseMajor, toMajor } from "./money";

export type { AttributionModel } from "./graphql/reports";

/** The schema's attribution models, in the order the switcher shows them. */
export const MODELS = enumValues<AttributionModel>()(["LAST_CLICK", "FIRST_CLICK", "LINEAR", "TIME_DECAY", "POSITION_BASED", "DATA_DRIVEN"]);

const MODEL_LABELS: Record<AttributionModel, string> = {
  LAST_CLICK: "Last click",
  FIRST_CLICK: "First click",
  LINEAR: "Linear",
  TIME_DECAY: "Time decay",
  POSITION_BASED: "Position based",
  DATA_DRIVEN: "Data-driven",
};

export function modelLabel(model: string): string {
  return MODEL_LABELS[model as AttributionModel] ?? model;
}

const MODEL_DESCRIPTIONS: Record<AttributionModel, string> = {
  LAST_CLICK: "Each order goes to the last click before it.",
  FIRST_CLICK: "Each order goes to the first click in its window.",
  LINEAR: "Each order is shared equally by the clicks before it.",
  TIME_DECAY: "Each order is shared by the clicks before it, recent ones weighing more (half-life 7 days).",
  POSITION_BASED: "Each order gives 40% to the first click, 40% to the last and 20% to the ones between.",
  DATA_DRIVEN:
    "Markov removal effect: each row gets the share of all orders and revenue that would be lost without it (its removal effect over the sum of all), not a split of each order.",
};

/** One sentence saying how a model credits orders, for the report's tooltip and help text. */
export function modelDescription(model: string): string {
  return MODEL_DESCRIPTIONS[model as AttributionModel] ?? "";
}

export function isModel(value: string | null | undefined): value is AttributionModel {
  return MODELS.includes(value as AttributionModel);
}

export interface KolBar {
  /** The row's name (influencer, campaign, link code or post caption), shortened for an axis. */
  label: string;
  id: string | null;
  /** Major units of the report currency; null when it cannot be computed (no new customers). */
  cac: number | null;
  roas: number | null;
}

function shortLabel(label: string | null, id: string | null, max = 22): string {
  const text = (label ?? "").trim() || (id ? id : "Unattributed");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Rows → bars for the CAC and ROAS charts: rows with neither figure are dropped, the rest are
 * ordered best first (highest ROAS; ties by lower CAC), at most `limit` of them.
 */
export function kolBars(rows: readonly ReportRow[], limit = 12, groupBy: ReportGroupBy = "INFLUENCER"): KolBar[] {
  return rows
    .map((row) => ({
      label: shortLabel(rowName(row, groupBy), row.channelId),
      id: row.channelId,
      // Nothing spent is no CAC to chart: a bar at zero would read as the cheapest.
      cac: row.cac && row.spend.amountMinor > 0 ? toMajor(row.cac.amountMinor, row.cac.currency) : null,
      roas: row.roas !== null && Number.isFinite(row.roas) ? row.roas : null,
    }))
    .filter((bar) => bar.cac !== null || bar.roas !== null)
    .sort((a, b) => (b.roas ?? -1) - (a.roas ?? -1) || (a.cac ?? Infinity) - (b.cac ?? Infinity))
    .slice(0, limit);
}

export interface ModelComparison {
  model: AttributionModel;
  label: string;
  revenue: number;
  conversions: number;
  roas: number | null;
  cac: number | null;
}

/** One row per model, in the order the models are listed, in major units. */
export function modelComparison(reports: readonly ModelTotals[]): ModelComparison[] {
  const order = (m: string) => {
    const i = MODELS.indexOf(m as AttributionModel);
    return i === -1 ? MODELS.length : i;
  };
  return [...reports]
    .sort((a, b) => order(a.model) - order(b.model))
    .map((r) => ({
      model: r.model,
      label: modelLabel(r.model),
      revenue: toMajor(r.totals.revenue.amountMinor, r.totals.revenue.currency),
      conversions: r.totals.conversions,
      roas: r.totals.roas,
      cac: r.totals.cac ? toMajor(r.totals.cac.amountMinor, r.totals.cac.currency) : null,
    }));
}

/** A figure for a table cell, with why it is missing when it is ("—"). */
export interface Cell {
  text: string;
  /** Why there is no figure; null when there is one. */
  reason: string | null;
  /** The reason in two or three words, shown beside the "—". */
  short?: string;
}

type CacFacts = Pick<Metrics, "cac" | "spend" | "newCustomers">;

/**
 * CAC as a person should read it: a KOL with no spend has no acquisition cost to judge (not a
 * CAC of 0, which would read as the best), and one with no new customers has nothing to divide by.
 */
export function cacCell(row: CacFacts): Cell {
  const spent = row.spend.amountMinor > 0;
  const customers = row.newCustomers > 0;
  if (row.cac && spent) return { text: formatAmount(row.cac), reason: null };
  if (!spent && customers)
    return { text: "—", short: "no spend", reason: "No spend in this period: nothing was paid for these customers yet, so there is no cost per customer to compare." };
  if (!spent) return { text: "—", short: "no spend", reason: "No spend and no new customers in this period." };
  return { text: "—", short: "no new customers", reason: "No new customers in this period to divide the spend by." };
}

/**
 * "Saved vs ads" per new customer: the brand's paid-ads baseline CAC minus this CAC, once the
 * baseline is set (in the report's currency) and the row has a CAC.
 */
export function savingCell(row: CacFacts & Pick<Metrics, "cacSaving">, baselineSet: boolean): Cell {
  if (!baselineSet) return { text: "—", short: "no baseline", reason: "Set your paid-ads CAC (Report settings) to see what each KOL saves against ads." };
  const cac = cacCell(row);
  if (cac.reason !== null) return cac;
  if (!row.cacSaving) return { text: "—", short: "other currency", reason: "Your paid-ads CAC is set in another currency than this report's." };
  return { text: formatAmount(row.cacSaving), reason: null };
}

/** What a person calls a row: a link by its product (and post) with its code, else its label. */
export function rowName(row: Pick<ReportRow, "label" | "channelId" | "link">, groupBy: ReportGroupBy): string {
  if (groupBy === "LINK" && row.link) return `${row.link.label} (/l/${row.link.code})`;
  if (row.channelId === null) return groupBy === "LINK" ? "Creator code (no link)" : groupBy === "POST" ? "Not from a post" : "Unattributed";
  return (row.label ?? "").split("\n")[0]?.trim() || row.channelId;
}

export interface ShareRow {
  id: string | null;
  name: string;
  /** For a chart's axis: a link's code (links to one product share its title), else the name. */
  axis: string;
  /** Per model: the row's share of the revenue that model credits, 0–1. */
  shares: Partial<Record<AttributionModel, number>>;
  /** The largest minus the smallest share across models: how much the choice matters. */
  swing: number;
}

/**
 * How each row's share of credited revenue moves from model to model. Every model credits the
 * same total, so the totals say nothing; the shares of the rows (the largest `limit` rows by
 * their biggest share) are what the choice of model changes.
 */
export function modelShares(reports: readonly ModelTotals[], groupBy: ReportGroupBy, limit = 8): ShareRow[] {
  const rows = new Map<string, ShareRow>();
  for (const report of reports) {
    const total = report.rows.nodes.reduce((n, r) => n + r.revenue.amountMinor, 0);
    if (total <= 0) continue;
    for (const r of report.rows.nodes) {
      const key = r.channelId ?? "";
      let found = rows.get(key);
      if (!found) {
        const name = rowName(r, groupBy);
        found = { id: r.channelId, name, axis: groupBy === "LINK" && r.link ? `/l/${r.link.code}` : name, shares: {}, swing: 0 };
        rows.set(key, found);
      }
      found.shares[report.model] = r.revenue.amountMinor / total;
    }
  }
  const models = reports.filter((r) => r.rows.nodes.some((n) => n.revenue.amountMinor > 0)).map((r) => r.model);
  for (const row of rows.values()) {
    // A row a model gives nothing has a share of 0 under it, not a missing one.
    for (const model of models) row.shares[model] ??= 0;
    const values = Object.values(row.shares);
    row.swing = values.length ? Math.max(...values) - Math.min(...values) : 0;
  }
  const biggest = (r: ShareRow) => Math.max(0, ...Object.values(r.shares));
  // A row no model gives anything has no share to move.
  return [...rows.values()]
    .filter((r) => biggest(r) > 0)
    .sort((a, b) => biggest(b) - biggest(a) || a.name.localeCompare(b.name))
    .slice(0, limit);
}

export interface WantedReport {
  groupBy: ReportGroupBy;
  model: AttributionModel | null;
  campaignId: string | null;
  from: string;
  to: string;
}

/**
 * Whether the report on screen answers what was asked: after a change of campaign, period,
 * grouping or model the previous answer may still be shown while the new one is fetched or
 * computed, and must then be marked as not current.
 */
export function isCurrentReport(
  shown: { groupBy: string; model: string; campaignId: string | null; from: string; to: string; pending: boolean } | null | undefined,
  wanted: WantedReport,
): boolean {
  if (!shown || shown.pending) return false;
  return (
    shown.groupBy === wanted.groupBy &&
    (wanted.model === null || shown.model === wanted.model) &&
    (shown.campaignId ?? null) === wanted.campaignId &&
    shown.from === wanted.from &&
    shown.to === wanted.to
  );
}

/** The baseline CAC form's amount: minor units, null to clear it, or a message for the person. */
export function baselineInput(text: string, currency: string): { minor: number | null } | { problem: string } {
  if (text.trim() === "") return { minor: null };
  const minor = parseMajor(text, currency);
  if (minor === null) return { problem: `Give an amount in ${currency}, such as 18.50.` };
  if (minor === 0) return { problem: "A paid-ads CAC of zero would make every KOL look costly; leave it empty to clear it." };
  return { minor };
}
