import { describe, expect, it } from "vitest";

import { campaignRows, earnedOf, earningsRows, isFlat, lastDays, linkEarnings, linkTraffic, mainCurrency, paidOutIn, periodSentence } from "./earnings";
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
    paidOut: 0,
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
    label: "Product",
    postCaption: null,
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

  it("counts each campaign's clicks, orders and money of the same period", () => {
    // Lifetime counters on the links (1000 clicks, 42 orders) must not leak into the period.
    const links = [link("a", "cmp_1", 1000, 42), link("b", "cmp_1", 30, 2), link("c", null, 5, 0), link("d", "cmp_3", 9, 9)];
    const traffic = [
      { campaignId: "cmp_1", linkId: "a", clicks: 10, orders: 1 },
      { campaignId: "cmp_1", linkId: "b", clicks: 30, orders: 2 },
      { campaignId: "cmp_1", linkId: null, clicks: 0, orders: 1 },
    ];
    const byCampaign: EarningsGroup[] = [
      { id: "cmp_1", totals: totals("USD", { pending: 700, paidOut: 1200 }) },
      { id: "cmp_2", totals: totals("USD", { paid: 100 }) },
      { id: "cmp_1", totals: totals("EUR", { pending: 5, paidOut: 7 }) },
      { id: null, totals: totals("USD", { paidOut: -50 }) },
    ];
    const rows = campaignRows(links, traffic, byCampaign, "USD");
    expect(rows.map((r) => r.id)).toEqual(["cmp_1", "cmp_2", "cmp_3", null]);
    expect(rows[0]).toEqual({
      id: "cmp_1",
      clicks: 40,
      orders: 4,
      conversionRate: 4 / 40,
      earned: { pending: 700, approved: 0, paid: 0, reversed: 0 },
      paidOut: 1200,
    });
    expect(rows[1]?.conversionRate).toBeNull();
    expect(earnedOf(rows[1]?.earned ?? null)).toBe(100);
    // A quiet campaign is listed with nothing in the period, not its lifetime counts.
    expect(rows[2]).toMatchObject({ id: "cmp_3", clicks: 0, orders: 0, paidOut: 0 });
    expect(rows[3]).toMatchObject({ id: null, paidOut: -50, earned: { pending: 0, approved: 0, paid: 0, reversed: 0 } });
    // The rows' payouts add up to the period's paid out in that currency (1200 - 50).
    expect(rows.reduce((n, r) => n + r.paidOut, 0)).toBe(1150);
  });

  it("finds a link's clicks and orders in the period", () => {
    const traffic = [{ campaignId: "cmp_1", linkId: "a", clicks: 8, orders: 2 }];
    expect(linkTraffic(traffic, "a")).toEqual({ clicks: 8, orders: 2, conversionRate: 0.25 });
    expect(linkTraffic(traffic, "b")).toEqual({ clicks: 0, orders: 0, conversionRate: null });
  });

  it("reads the period's payouts in one currency and names the period", () => {
    const paid = [{ currency: "USD", amount: 12276, payouts: 2 }];
    expect(paidOutIn(paid, "USD")).toEqual({ amount: 12276, payouts: 2 });
    expect(paidOutIn(paid, "EUR")).toEqual({ amount: 0, payouts: 0 });
    expect(periodSentence("2026-11-07", "2026-12-06", (d) => d)).toMatch(/^2026-11-07 – 2026-12-06 \(UTC days\)/);
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
