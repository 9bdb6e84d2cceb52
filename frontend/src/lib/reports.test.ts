import { describe, expect, it } from "vitest";

import type { Metrics, ModelTotals, ReportRow } from "./graphql/reports";
import { isModel, kolBars, MODELS, modelComparison, modelDescription, modelLabel } from "./reports";

const usd = (amountMinor: number) => ({ amountMinor, currency: "USD" });

function metrics(values: Partial<Metrics> = {}): Metrics {
  return {
    clicks: 0,
    uniqueVisitors: 0,
    conversions: 0,
    conversionRate: null,
    revenue: usd(0),
    averageOrderValue: null,
    returnRate: null,
    newCustomers: 0,
    commission: usd(0),
    spend: usd(0),
    cac: null,
    roas: null,
    cacSaving: null,
    ...values,
  };
}

function row(label: string | null, channelId: string | null, values: Partial<Metrics>): ReportRow {
  return { ...metrics(values), label, channelId };
}

describe("report shaping", () => {
  it("orders KOLs by ROAS, then by lower CAC, dropping rows with neither", () => {
    const bars = kolBars([
      row("Lena Style", "usr_1", { roas: 3.5, cac: usd(1250) }),
      row("Max", "usr_2", { roas: 5, cac: usd(2000) }),
      row("Quiet", "usr_3", {}),
      row("Tie", "usr_4", { roas: 5, cac: usd(900) }),
      row(null, null, { roas: null, cac: usd(400) }),
    ]);
    expect(bars.map((b) => b.label)).toEqual(["Tie", "Max", "Lena Style", "Unattributed"]);
    expect(bars[0]).toEqual({ label: "Tie", id: "usr_4", cac: 9, roas: 5 });
    expect(bars[3]?.roas).toBeNull();
  });

  it("shortens long labels and caps the number of bars", () => {
    const many = Array.from({ length: 20 }, (_, i) => row(`A very long creator name number ${i}`, `usr_${i}`, { roas: i }));
    const bars = kolBars(many, 5);
    expect(bars).toHaveLength(5);
    expect(bars[0]?.label).toBe("A very long creator n…");
    expect(bars[0]?.id).toBe("usr_19");
  });

  it("lists models in their usual order with totals in major units", () => {
    const reports: ModelTotals[] = [
      { model: "LINEAR", currency: "USD", pending: false, totals: metrics({ revenue: usd(10000), conversions: 1.5, roas: 2 }) },
      { model: "LAST_CLICK", currency: "USD", pending: false, totals: metrics({ revenue: usd(4900), conversions: 1, cac: usd(490) }) },
    ];
    expect(modelComparison(reports)).toEqual([
      { model: "LAST_CLICK", label: "Last click", revenue: 49, conversions: 1, roas: null, cac: 4.9 },
      { model: "LINEAR", label: "Linear", revenue: 100, conversions: 1.5, roas: 2, cac: null },
    ]);
  });

  it("names models and recognises them", () => {
    expect(modelLabel("POSITION_BASED")).toBe("Position based");
    expect(modelLabel("SOMETHING_NEW")).toBe("SOMETHING_NEW");
    expect(isModel("LINEAR")).toBe(true);
    expect(isModel("linear")).toBe(false);
    expect(isModel(null)).toBe(false);
  });
});

describe("modelDescription", () => {
  it("describes every model, and data-driven as a share of all orders rather than a split of each", () => {
    for (const m of MODELS) expect(modelDescription(m)).not.toBe("");
    expect(modelDescription("DATA_DRIVEN")).toMatch(/removal effect/);
    expect(modelDescription("DATA_DRIVEN")).toMatch(/not a split of each order/);
    expect(modelDescription("NOPE")).toBe("");
  });
});
