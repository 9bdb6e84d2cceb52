/**
 * Money as the API sends it: whole minor units (cents, pence, yen) and an ISO currency code.
 * How many minor digits a currency has comes from Intl, so JPY has none and USD two.
 */

export interface Money {
  amountMinor: number;
  currency: string;
}

const digitsCache = new Map<string, number>();

/** Minor-unit digits of a currency (2 for USD, 0 for JPY); 2 when Intl does not know it. */
export function fractionDigits(currency: string): number {
  const code = currency.toUpperCase();
  const cached = digitsCache.get(code);
  if (cached !== undefined) return cached;
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions()
        .maximumFractionDigits ?? 2;
  } catch {
    digits = 2;
  }
  digitsCache.set(code, digits);
  return digits;
}

/** 1250 USD → 12.5 */
export function toMajor(amountMinor: number, currency: string): number {
  return amountMinor / 10 ** fractionDigits(currency);
}

/**
 * "12.50" (what a person types) → 1250 minor units; null when it is not an amount or has more
 * decimals than the currency allows. Commas as thousands separators are accepted.
 */
export function parseMajor(text: string, currency: string): number | null {
  const cleaned = text.trim().replace(/,/g, "");
  const digits = fractionDigits(currency);
  const pattern = digits > 0 ? new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`) : /^\d+$/;
  if (!pattern.test(cleaned)) return null;
  const [whole = "0", fraction = ""] = cleaned.split(".");
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  return Number.isSafeInteger(minor) ? minor : null;
}

interface FormatOptions {
  /** "$1.2K" instead of "$1,234.00", for chart axes. */
  compact?: boolean;
  locale?: string;
}

/** 1250 USD → "$12.50" in the reader's locale. */
export function formatMoney(
  amountMinor: number,
  currency: string,
  { compact = false, locale }: FormatOptions = {},
): string {
  const code = currency.toUpperCase();
  const major = toMajor(amountMinor, code);
  try {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency: code,
      ...(compact
        ? { notation: "compact", maximumFractionDigits: 1 }
        : { minimumFractionDigits: fractionDigits(code) }),
    }).format(major);
  } catch {
    return `${major.toFixed(fractionDigits(code))} ${code}`;
  }
}

export function formatAmount(money: Money, options?: FormatOptions): string {
  return formatMoney(money.amountMinor, money.currency, options);
}

/** 0.0345 → "3.5%"; null or not finite → "—". */
export function formatPercent(rate: number | null | undefined, digits = 1, locale?: string): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "—";
  return new Intl.NumberFormat(locale, {
    style: "percent",
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  }).format(rate);
}

/** 1000 basis points → "10%". */
export function formatBasisPoints(basisPoints: number, locale?: string): string {
  return formatPercent(basisPoints / 10_000, 2, locale);
}

/** A ratio such as ROAS: 3.456 → "3.46×". */
export function formatRatio(value: number | null | undefined, locale?: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value)}×`;
}

export function formatCount(value: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(value);
}
