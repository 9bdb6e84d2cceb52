/** Test drops shaped for the dashboard: curves, the order they are listed in, words. */
import type { DropProduct, DropVerdict, SellThroughPoint, TestDrop } from "./graphql/drops";

export const VERDICT_LABELS: Record<DropVerdict, string> = {
  REORDER: "Re-order",
  WATCH: "Watch",
  DROP: "Drop",
};

export type DropOrder = "urgency" | "newest" | "sellThrough";

/** The best sell-through among a drop's products (0..1). */
export function bestSellThrough(drop: Pick<TestDrop, "products">): number {
  return drop.products.reduce((best, p) => Math.max(best, p.sellThrough), 0);
}

/**
 * Drops in the chosen order. "urgency" is the API's own (least days of cover first, drops
 * selling nothing last), kept as it came; the others sort a copy, ties by name.
 */
export function sortDrops(drops: readonly TestDrop[], order: DropOrder): TestDrop[] {
  if (order === "urgency") return [...drops];
  const byName = (a: TestDrop, b: TestDrop) => a.name.localeCompare(b.name);
  if (order === "newest") return [...drops].sort((a, b) => b.launchDate.localeCompare(a.launchDate) || byName(a, b));
  return [...drops].sort((a, b) => bestSellThrough(b) - bestSellThrough(a) || byName(a, b));
}

export interface CurvePoint {
  day: string;
  /** Sell-through so far, in percent. */
  sellThrough: number;
  stock: number;
  sold: number;
}

/** The sell-through curve of one product, in percent, oldest day first. */
export function sellThroughCurve(series: readonly SellThroughPoint[]): CurvePoint[] {
  return [...series]
    .sort((a, b) => a.day.localeCompare(b.day))
    .map((p) => ({ day: p.day, sellThrough: Math.round(p.sellThrough * 1000) / 10, stock: p.stock, sold: p.sold }));
}

/** The one spelling of a category (as the API groups them): "Tops" and " tops" are "tops". */
export function categoryKey(category: string): string {
  return category.trim().split(/\s+/).join(" ").toLowerCase();
}

/** A category as shown: "tops" → "Tops". */
export function categoryLabel(category: string): string {
  const key = categoryKey(category);
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/** The products a verdict filter keeps (all of them with no filter). */
export function productsWithVerdict<P extends { verdict: { verdict: DropVerdict } | null }>(products: readonly P[], verdict: DropVerdict | null): P[] {
  return verdict ? products.filter((p) => p.verdict?.verdict === verdict) : [...products];
}

/** "Launched 3 Jun 2026" or, for a drop not on sale yet, "Launches 9 Jun 2026" (UTC days). */
export function launchWords(launchDate: string, formatted: string, today: Date = new Date()): string {
  const day = today.toISOString().slice(0, 10);
  return launchDate.slice(0, 10) > day ? `Launches ${formatted}` : `Launched ${formatted}`;
}

/** Categories and elements present in the drops, for the filter menus. */
export function filterOptions(drops: readonly TestDrop[]): { categories: string[]; elements: { id: string; name: string }[] } {
  const categories = new Set<string>();
  const elements = new Map<string, string>();
  for (const drop of drops) {
    for (const p of drop.products) if (p.category) categories.add(categoryKey(p.category));
    for (const e of drop.elements) elements.set(e.id, e.name);
  }
  return {
    categories: [...categories].sort(),
    elements: [...elements].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** "Sells out in 3 days", "Sold out", "Not selling yet". */
export function coverWords(daysOfCover: number | null): string {
  if (daysOfCover === null) return "Not selling yet";
  if (daysOfCover <= 0) return "Sold out";
  if (daysOfCover < 1) return "Sells out today";
  const days = Math.round(daysOfCover);
  return days === 1 ? "Sells out in 1 day" : `Sells out in ${days} days`;
}

/** The day a re-order placed today arrives, after the forecast's lead time (UTC date). */
export function arrivalDate(product: Pick<DropProduct, "verdict">, today: Date = new Date()): string {
  const lead = Math.ceil(product.verdict?.forecast.leadTimeDays ?? 14);
  const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + lead));
  return day.toISOString().slice(0, 10);
}
