/**
 * Shopper points, said the way a shopper reads them. 1 point = 1 minor unit of the order's
 * currency (100 points = $1.00 of store credit in USD).
 */
import { formatCount, formatMoney, parseMajor } from "./money";
import { formatDate } from "./format";

export type PointsStatusName = "PENDING" | "AVAILABLE" | "REVERSED";

/** 400 → "400 points", 1 → "1 point". */
export function pointsLabel(points: number): string {
  return `${formatCount(points)} ${points === 1 ? "point" : "points"}`;
}

/** What the points are worth as store credit: 400 USD → "$4.00". */
export function pointsValue(points: number, currency: string): string {
  return formatMoney(points, currency);
}

/** The date beside a history line's status badge: when its points became or become available. */
export function statusText(status: PointsStatusName, availableAt: string, approvedAt: string | null): string {
  if (status === "AVAILABLE") return approvedAt ? `since ${formatDate(approvedAt)}` : "";
  if (status === "REVERSED") return "the order was returned";
  return `available after ${formatDate(availableAt)}`;
}

/** 500 basis points → "5%". */
export function rateText(basisPoints: number): string {
  const percent = basisPoints / 100;
  return `${Number.isInteger(percent) ? percent : percent.toFixed(2).replace(/0+$/, "")}%`;
}

export const MAX_RATE_PERCENT = 50;
export const MAX_WINDOW_DAYS = 365;

/** The rate form's percent ("5", "2.5") → basis points, or why not. */
export function rateInput(text: string): { basisPoints: number } | { problem: string } {
  // Two decimals of a percent are whole basis points: the same parse as a money amount.
  const hundredths = parseMajor(text, "USD");
  if (hundredths === null || hundredths > MAX_RATE_PERCENT * 100) {
    return { problem: `Give a rate from 0 (off) to ${MAX_RATE_PERCENT}%, e.g. 5 or 2.5.` };
  }
  return { basisPoints: hundredths };
}

/** The window form's days → a whole number of days, or why not. */
export function windowInput(text: string): { days: number } | { problem: string } {
  const cleaned = text.trim();
  if (!/^\d+$/.test(cleaned) || Number(cleaned) > MAX_WINDOW_DAYS) {
    return { problem: `Give the return window in whole days, 0 to ${MAX_WINDOW_DAYS}.` };
  }
  return { days: Number(cleaned) };
}
