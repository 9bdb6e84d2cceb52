/**
 * Attribution reports: model names, and the rows shaped for the CAC / ROAS charts.
 */
import type { AttributionModel, ModelTotals, ReportRow } from "./graphql/reports";
import { enumValues } from "./graphql/enums";
import { toMajor } from "./money";

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
export function kolBars(rows: readonly ReportRow[], limit = 12): KolBar[] {
  return rows
    .map((row) => ({
      label: shortLabel(row.label, row.channelId),
      id: row.channelId,
      cac: row.cac ? toMajor(row.cac.amountMinor, row.cac.currency) : null,
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
