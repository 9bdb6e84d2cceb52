import { describe, expect, it } from "vitest";

import type { Metrics, ModelTotals, ReportRow } from "./graphql/reports";
import {
  baselineInput,
  cacCell,
  isCurrentReport,
  isModel,
  kolBars,
  MODELS,
  modelComparison,
  modelDescription,
  modelLabel,
  modelShares,
  rowName,
  savingCell,
} from "./reports";

const usd = (amountMinor: number) => ({ amountMinor, currency: "USD" });
const RANGE = { groupBy: "INFLUENCER" as const, campaignId: null, from: "2026-11-01", to: "2026-11-30" };

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
    saving: null,
    ...values,
  };
}

function row(label: string | null, channelId: string | null, values: Partial<ReportRow>): ReportRow {
  return { link: null, ...metrics(values), label, channelId, ...values };
}

describe("report shaping", () => {
  it("orders KOLs by ROAS, then by lower CAC, dropping rows with neither", () => {
    const bars = kolBars([
      row("Lena Style", "usr_1", { roas: 3.5, cac: usd(1250), spend: usd(100) }),
      row("Max", "usr_2", { roas: 5, cac: usd(2000), spend: usd(100) }),
      row("Quiet", "usr_3", {}),
      row("Tie", "usr_4", { roas: 5, cac: usd(900), spend: usd(100) }),
      row(null, null, { roas: null, cac: usd(400), spend: usd(100) }),
      // Nothing spent: a CAC of 0 is no bar (it would read as the cheapest).
      row("Free", "usr_5", { roas: null, cac: usd(0) }),
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
      { model: "LINEAR", ...RANGE, currency: "USD", pending: false, totals: metrics({ revenue: usd(10000), conversions: 1.5, roas: 2 }), rows: { nodes: [] } },
      { model: "LAST_CLICK", ...RANGE, currency: "USD", pending: false, totals: metrics({ revenue: usd(4900), conversions: 1, cac: usd(490) }), rows: { nodes: [] } },
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

describe("figures a brand acts on", () => {
  it("shows no CAC for a KOL with no spend, and says why", () => {
    const free = cacCell({ cac: usd(0), spend: usd(0), newCustomers: 3 });
    expect(free.text).toBe("—");
    expect(free.reason).toMatch(/No spend/);
    expect(cacCell({ cac: null, spend: usd(500), newCustomers: 0 }).reason).toMatch(/No new customers/);
    expect(cacCell({ cac: null, spend: usd(0), newCustomers: 0 }).reason).toMatch(/No spend and no new customers/);
    const paid = cacCell({ cac: usd(450), spend: usd(900), newCustomers: 2 });
    expect(paid.reason).toBeNull();
    expect(paid.text).toContain("4.50");
  });

  it("shows the saving against ads once the baseline is set", () => {
    const kol = { cac: usd(450), spend: usd(900), newCustomers: 2, cacSaving: usd(1550) };
    expect(savingCell(kol, false)).toMatchObject({ text: "—", reason: expect.stringMatching(/Set your paid-ads CAC/) });
    expect(savingCell(kol, true).text).toContain("15.50");
    expect(savingCell({ ...kol, cac: usd(0), spend: usd(0), cacSaving: usd(2000) }, true).reason).toMatch(/No spend/);
  });

  it("reads the baseline a brand types", () => {
    expect(baselineInput("18.50", "USD")).toEqual({ minor: 1850 });
    expect(baselineInput("  ", "USD")).toEqual({ minor: null });
    expect(baselineInput("abc", "USD")).toHaveProperty("problem");
    expect(baselineInput("0", "USD")).toHaveProperty("problem");
    expect(baselineInput("1200", "JPY")).toEqual({ minor: 1200 });
  });

  it("names link rows by product and post, with their code", () => {
    const link = row("aB3x", "lnk_1", { link: { id: "lnk_1", code: "aB3x", label: "Boxy tee · Linen at noon" } });
    expect(rowName(link, "LINK")).toBe("Boxy tee · Linen at noon (/l/aB3x)");
    expect(rowName(row(null, null, {}), "LINK")).toBe("Creator code (no link)");
    expect(rowName(row("Lena Style", "usr_1", {}), "INFLUENCER")).toBe("Lena Style");
    expect(rowName(row("Linen at noon\n#linen", "pst_1", {}), "POST")).toBe("Linen at noon");
  });

  it("shows how each KOL's share moves between models, though the totals are equal", () => {
    const report = (model: ModelTotals["model"], a: number, b: number): ModelTotals => ({
      model,
      ...RANGE,
      currency: "USD",
      pending: false,
      totals: metrics({ revenue: usd(a + b) }),
      rows: {
        nodes: [
          { channelId: "usr_a", label: "Lena", revenue: usd(a), link: null },
          { channelId: "usr_b", label: "Mara", revenue: usd(b), link: null },
        ].filter((r) => r.revenue.amountMinor > 0),
      },
    });
    const shares = modelShares([report("LAST_CLICK", 9000, 10000), report("FIRST_CLICK", 13000, 6000), report("LINEAR", 19000, 0)], "INFLUENCER");
    expect(shares.map((s) => s.name)).toEqual(["Lena", "Mara"]);
    expect(shares.map((s) => s.axis)).toEqual(["Lena", "Mara"]);
    const lena = shares[0]!;
    expect(lena.shares.LAST_CLICK).toBeCloseTo(9 / 19);
    expect(lena.shares.FIRST_CLICK).toBeCloseTo(13 / 19);
    expect(lena.shares.LINEAR).toBe(1);
    // Mara gets nothing under LINEAR here: a share of 0, not a missing bar.
    expect(shares[1]!.shares.LINEAR).toBe(0);
    expect(lena.swing).toBeCloseTo(1 - 9 / 19);
    // Each model's shares add up to the whole.
    for (const model of ["LAST_CLICK", "FIRST_CLICK", "LINEAR"] as const) {
      expect(shares.reduce((n, s) => n + (s.shares[model] ?? 0), 0)).toBeCloseTo(1);
    }
  });

  it("knows when the report on screen is not the one asked for", () => {
    const wanted = { groupBy: "INFLUENCER" as const, model: null, campaignId: "cmp_2", from: "2026-11-07", to: "2026-12-06" };
    const shown = { groupBy: "INFLUENCER", model: "LAST_CLICK", campaignId: "cmp_2", from: "2026-11-07", to: "2026-12-06", pending: false };
    expect(isCurrentReport(shown, wanted)).toBe(true);
    expect(isCurrentReport({ ...shown, campaignId: "cmp_1" }, wanted)).toBe(false);
    expect(isCurrentReport({ ...shown, from: "2026-09-08" }, wanted)).toBe(false);
    expect(isCurrentReport({ ...shown, pending: true }, wanted)).toBe(false);
    expect(isCurrentReport(shown, { ...wanted, model: "LINEAR" })).toBe(false);
    expect(isCurrentReport(undefined, wanted)).toBe(false);
  });
});
