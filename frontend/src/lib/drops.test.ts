import { describe, expect, it } from "vitest";

import { arrivalDate, categoryLabel, coverWords, filterOptions, launchWords, productsWithVerdict, sellThroughCurve, sortDrops } from "./drops";
import type { DropProduct, TestDrop } from "./graphql/drops";

function product(sellThrough: number, category = "dresses"): DropProduct {
  return {
    id: `prd_${sellThrough}`,
    sku: "S",
    title: "T",
    category,
    price: { amountMinor: 100, currency: "USD" },
    unitCost: { amountMinor: 40, currency: "USD" },
    launchDate: "2026-06-01",
    verdict: null,
    series: [],
    sellThrough,
    stockOnHand: 0,
    unitsReceived: 0,
    unitsOnOrder: 0,
    unitsSold: 0,
    netUnitsSold: 0,
    returnRate: 0,
    daysOnSale: 0,
    clicks: 0,
    posts: 0,
  };
}

function drop(name: string, launchDate: string, products: DropProduct[], elements: TestDrop["elements"] = []): TestDrop {
  return { id: name, name, markets: ["US"], launchDate, verdicts: [], daysOfCover: null, computedAt: null, createdAt: launchDate, products, elements };
}

describe("test drops", () => {
  const a = drop("A", "2026-06-01", [product(0.2), product(0.7, "tops")], [{ id: "colour/white", name: "White", kind: "COLOUR", state: null }]);
  const b = drop("B", "2026-06-05", [product(0.4)], [{ id: "pattern/gingham", name: "Gingham", kind: "PATTERN", state: "RISING" }]);
  const c = drop("C", "2026-06-03", [product(0.9)]);

  it("keeps the API's urgency order and sorts the other ways", () => {
    expect(sortDrops([a, b, c], "urgency").map((d) => d.name)).toEqual(["A", "B", "C"]);
    expect(sortDrops([a, b, c], "newest").map((d) => d.name)).toEqual(["B", "C", "A"]);
    expect(sortDrops([a, b, c], "sellThrough").map((d) => d.name)).toEqual(["C", "A", "B"]);
  });

  it("turns the series into a percent curve, oldest first", () => {
    const curve = sellThroughCurve([
      { day: "2026-06-02", sold: 3, returned: 0, net: 3, netToDate: 5, receivedToDate: 40, stock: 35, sellThrough: 0.125 },
      { day: "2026-06-01", sold: 2, returned: 0, net: 2, netToDate: 2, receivedToDate: 40, stock: 38, sellThrough: 0.05 },
    ]);
    expect(curve).toEqual([
      { day: "2026-06-01", sellThrough: 5, stock: 38, sold: 2 },
      { day: "2026-06-02", sellThrough: 12.5, stock: 35, sold: 3 },
    ]);
  });

  it("lists the categories and elements to filter by", () => {
    expect(filterOptions([a, b, c])).toEqual({
      categories: ["dresses", "tops"],
      elements: [
        { id: "pattern/gingham", name: "Gingham" },
        { id: "colour/white", name: "White" },
      ],
    });
  });

  it("counts a category once whatever its case or spacing", () => {
    const mixed = drop("M", "2026-06-01", [product(0.1, "Tops"), product(0.2, " tops "), product(0.3, "TOPS")]);
    expect(filterOptions([mixed]).categories).toEqual(["tops"]);
    expect(categoryLabel(" tops ")).toBe("Tops");
  });

  it("keeps only the products of the chosen verdict", () => {
    const judged = (sellThrough: number, verdict: "REORDER" | "WATCH" | "DROP") => ({ ...product(sellThrough), verdict: { verdict } });
    const products = [judged(0.1, "DROP"), judged(0.2, "REORDER"), judged(0.3, "WATCH"), product(0.4)];
    expect(productsWithVerdict(products, "DROP").map((p) => p.sellThrough)).toEqual([0.1]);
    expect(productsWithVerdict(products, null)).toHaveLength(4);
  });

  it("says a drop not on sale yet launches, not launched", () => {
    const today = new Date(Date.UTC(2026, 5, 4, 12));
    expect(launchWords("2026-06-09", "9 Jun 2026", today)).toBe("Launches 9 Jun 2026");
    expect(launchWords("2026-06-04", "4 Jun 2026", today)).toBe("Launched 4 Jun 2026");
    expect(launchWords("2026-06-01", "1 Jun 2026", today)).toBe("Launched 1 Jun 2026");
  });

  it("words the days of cover and dates a re-order", () => {
    expect(coverWords(null)).toBe("Not selling yet");
    expect(coverWords(0)).toBe("Sold out");
    expect(coverWords(0.4)).toBe("Sells out today");
    expect(coverWords(3.4)).toBe("Sells out in 3 days");
    const p = { verdict: { forecast: { leadTimeDays: 9.5, dailyRate: 1, coverageDays: 14 } } } as Pick<DropProduct, "verdict">;
    expect(arrivalDate(p, new Date("2026-06-01T20:00:00Z"))).toBe("2026-06-11");
  });
});
