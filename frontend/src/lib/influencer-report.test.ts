import { describe, expect, it } from "vitest";

import type { ReportRow } from "./graphql/reports";
import { driverChart, driverLabel, linkTitleMap, shortDriverLabel } from "./influencer-report";

const usd = (amountMinor: number) => ({ amountMinor, currency: "USD" });

function row(channelId: string | null, label: string | null, conversions: number, revenueMinor: number, clicks = 10): ReportRow {
  return {
    channelId,
    label,
    clicks,
    uniqueVisitors: clicks,
    conversions,
    conversionRate: clicks ? conversions / clicks : null,
    revenue: usd(revenueMinor),
    averageOrderValue: null,
    returnRate: null,
    newCustomers: 0,
    commission: usd(0),
    spend: usd(0),
    cac: null,
    roas: null,
    cacSaving: null,
    saving: null,
    link: null,
  };
}

describe("the influencer's order drivers", () => {
  it("names posts by their caption's first line, links by product and code", () => {
    expect(driverLabel({ channelId: "post_1", label: "Linen at noon\n#linen" }, "POST")).toBe("Linen at noon");
    expect(driverLabel({ channelId: "post_1", label: "" }, "POST")).toBe("Untitled post");
    expect(driverLabel({ channelId: null, label: null }, "POST")).toBe("Not from a post");
    expect(driverLabel({ channelId: null, label: null }, "LINK")).toBe("Creator code");
    const titles = new Map([["lnk_1", "Boxy tee"]]);
    expect(driverLabel({ channelId: "lnk_1", label: "aB3x" }, "LINK", titles)).toBe("Boxy tee (/l/aB3x)");
    expect(driverLabel({ channelId: "lnk_2", label: "zz9" }, "LINK", titles)).toBe("/l/zz9");
    // On the axis a link's code comes first: two links can sell the same product.
    const long = new Map([["lnk_1", "Maxi skirt trousers no. 3"]]);
    expect(shortDriverLabel({ channelId: "lnk_1", label: "aB3x" }, "LINK", long)).toBe("/l/aB3x · Maxi skirt tr…");
    expect(shortDriverLabel({ channelId: null, label: null }, "LINK", long)).toBe("Creator code");
  });

  it("keeps rows that drove orders, most revenue first, and counts what does not fit", () => {
    const rows = [
      row("post_a", "A", 1, 4900),
      row("post_b", "Only clicks", 0, 0, 40),
      row("post_c", "C", 3, 12_000),
      row("post_d", "D", 2, 4900),
      row(null, null, 1, 1000),
    ];
    const chart = driverChart(rows, "POST", new Map(), 3);
    expect(chart.bars.map((b) => [b.fullLabel, b.revenue, b.conversions])).toEqual([
      ["C", 120, 3],
      ["D", 49, 2],
      ["A", 49, 1],
    ]);
    expect(chart.more).toBe(1);
    expect(driverChart([], "LINK")).toEqual({ bars: [], more: 0 });
  });

  it("adds up a channel's rows of several brands into one bar", () => {
    const chart = driverChart([row(null, null, 1, 1000, 0), row("post_a", "A", 1, 4900), row(null, null, 2, 1050, 0), row("post_a", "A", 1, 100)], "POST");
    expect(chart.bars.map((b) => [b.fullLabel, b.revenue, b.conversions, b.clicks])).toEqual([
      ["A", 50, 2, 20],
      ["Not from a post", 20.5, 3, 0],
    ]);
  });

  it("shortens long captions for the axis and keeps them whole for the tooltip", () => {
    const caption = "A very long caption about a linen co-ord in butter yellow";
    const [bar] = driverChart([row("post_1", caption, 1, 100)], "POST").bars;
    expect(bar?.label).toHaveLength(24);
    expect(bar?.label.endsWith("…")).toBe(true);
    expect(bar?.fullLabel).toBe(caption);
  });

  it("maps link ids to product titles", () => {
    const map = linkTitleMap([
      { id: "lnk_1", product: { title: "Tee" } },
      { id: "lnk_2", product: null },
    ]);
    expect([...map]).toEqual([["lnk_1", "Tee"]]);
    // The link's own label (product and post) wins over the bare product title.
    const labelled = linkTitleMap([{ id: "lnk_3", label: "Tee · Linen at noon", product: { title: "Tee" } }]);
    expect(labelled.get("lnk_3")).toBe("Tee · Linen at noon");
  });
});
