import { describe, expect, it } from "vitest";

import { campaignRows, earningsRows, isFlat, lastDays, linkEarnings, mainCurrency } from "./earnings";
import type { EarningsGroup, EarningsTotals, ShoppableLink } from "./graphql/commerce";

function totals(currency: string, values: Partial<EarningsTotals> = {}): EarningsTotals {
  return {
    currency,
    onHold: 0,
    pending: 0,
    approved: 0,
    paid: 0,
    reversed: 0,
    rejected: 0,
    clawbackDue: 0,
    clawedBack: 0,
    payable: 0,
    ...values,
  };
}

function link(id: string, campaignId: string | null, clicks: number, orders: number): ShoppableLink {
  return {
    id,
    code: id,
    url: `http://x/l/${id}`,
    productId: "prd",
    postId: null,
    campaignId,
    createdAt: "2026-01-01T00:00:00Z",
    clicks,
    totalClicks: clicks,
    orders,
    conversionRate: clicks ? orders / clicks : 0,
    product: null,
  };
}

describe("earnings shaping", () => {
  it("picks the currency with the most money", () => {
    expect(mainCurrency([totals("EUR", { paid: 100 }), totals("USD", { pending: 400 })])).toBe("USD");
    expect(mainCurrency([totals("USD"), totals("EUR")])).toBe("EUR");
    expect(mainCurrency([])).toBeNull();
  });

  it("turns the daily series into chart rows in major units", () => {
    const daily = [
      {
        currency: "USD",
        days: ["2026-06-01", "2026-06-02"],
        onHold: [0, 0],
        pending: [400, 0],
        approved: [0, 1250],
        paid: [0, 0],
        reversed: [0, 99],
      },
      { currency: "JPY", days: ["2026-06-01"], onHold: [0], pending: [500], approved: [0], paid: [0], reversed: [0] },
    ];
    expect(earningsRows(daily, "USD")).toEqual([
      { day: "2026-06-01", pending: 4, approved: 0, paid: 0, reversed: 0 },
      { day: "2026-06-02", pending: 0, approved: 12.5, paid: 0, reversed: 0.99 },
    ]);
    expect(earningsRows(daily, "JPY")[0]?.pending).toBe(500);
    expect(earningsRows(daily, "GBP")).toEqual([]);
    expect(isFlat(earningsRows(daily, "USD"))).toBe(false);
    expect(isFlat([{ day: "d", pending: 0, approved: 0, paid: 0, reversed: 0 }])).toBe(true);
  });

  it("joins the links' traffic with each campaign's money", () => {
    const links = [link("a", "cmp_1", 10, 1), link("b", "cmp_1", 30, 2), link("c", null, 5, 0)];
    const byCampaign: EarningsGroup[] = [
      { id: "cmp_1", totals: totals("USD", { pending: 700 }) },
      { id: "cmp_2", totals: totals("USD", { paid: 100 }) },
      { id: "cmp_1", totals: totals("EUR", { pending: 5 }) },
    ];
    const rows = campaignRows(links, byCampaign, "USD");
    expect(rows.map((r) => r.id)).toEqual(["cmp_1", "cmp_2", null]);
    expect(rows[0]).toEqual({
      id: "cmp_1",
      clicks: 40,
      orders: 3,
      conversionRate: 3 / 40,
      earned: { pending: 700, approved: 0, paid: 0, reversed: 0 },
    });
    expect(rows[1]?.conversionRate).toBeNull();
    expect(rows[1]?.earned?.paid).toBe(100);
    expect(rows[2]?.earned).toEqual({ pending: 0, approved: 0, paid: 0, reversed: 0 });
  });

  it("finds a link's earnings in one currency", () => {
    const byLink = [{ id: "lnk_1", totals: totals("USD", { pending: 400, reversed: 50 }) }];
    expect(linkEarnings(byLink, "lnk_1", "USD")).toEqual({ pending: 400, approved: 0, paid: 0, reversed: 50 });
    expect(linkEarnings(byLink, "lnk_2", "USD").pending).toBe(0);
  });

  it("counts the last n days back from today in UTC", () => {
    expect(lastDays(30, new Date("2026-03-05T23:30:00Z"))).toEqual({ from: "2026-02-04", to: "2026-03-05" });
    expect(lastDays(1, new Date("2026-03-05T00:00:00Z"))).toEqual({ from: "2026-03-05", to: "2026-03-05" });
  });
});
