import { describe, expect, it } from "vitest";

import {
  formatBasisPoints,
  formatMoney,
  formatPercent,
  formatRatio,
  fractionDigits,
  parseMajor,
  toMajor,
} from "./money";

describe("money", () => {
  it("knows how many minor digits each currency has", () => {
    expect(fractionDigits("USD")).toBe(2);
    expect(fractionDigits("jpy")).toBe(0);
    expect(fractionDigits("KWD")).toBe(3);
  });

  it("converts minor units to the major amount", () => {
    expect(toMajor(1250, "USD")).toBe(12.5);
    expect(toMajor(1250, "JPY")).toBe(1250);
  });

  it("formats amounts in the given locale, with the currency's digits", () => {
    expect(formatMoney(1250, "USD", { locale: "en-US" })).toBe("$12.50");
    expect(formatMoney(123456789, "USD", { locale: "en-US" })).toBe("$1,234,567.89");
    expect(formatMoney(500, "JPY", { locale: "en-US" })).toBe("¥500");
    expect(formatMoney(-400, "USD", { locale: "en-US" })).toBe("-$4.00");
    expect(formatMoney(1250, "EUR", { locale: "de-DE" })).toBe("12,50\u00a0€");
  });

  it("formats compact amounts for chart axes", () => {
    expect(formatMoney(123456, "USD", { compact: true, locale: "en-US" })).toBe("$1.2K");
  });

  it("parses what a person types into minor units", () => {
    expect(parseMajor("12.5", "USD")).toBe(1250);
    expect(parseMajor(" 1,000 ", "USD")).toBe(100000);
    expect(parseMajor("0.07", "USD")).toBe(7);
    expect(parseMajor("300", "JPY")).toBe(300);
    expect(parseMajor("3.5", "JPY")).toBeNull();
    expect(parseMajor("1.234", "USD")).toBeNull();
    expect(parseMajor("-3", "USD")).toBeNull();
    expect(parseMajor("abc", "USD")).toBeNull();
    expect(parseMajor("", "USD")).toBeNull();
  });

  it("formats rates, basis points and ratios", () => {
    expect(formatPercent(0.0345, 1, "en-US")).toBe("3.5%");
    expect(formatPercent(1, 1, "en-US")).toBe("100%");
    expect(formatPercent(Number.NaN)).toBe("—");
    expect(formatPercent(null)).toBe("—");
    expect(formatBasisPoints(1000, "en-US")).toBe("10%");
    expect(formatBasisPoints(1250, "en-US")).toBe("12.5%");
    expect(formatRatio(3.456, "en-US")).toBe("3.46×");
    expect(formatRatio(Number.POSITIVE_INFINITY)).toBe("—");
  });
});
