/** Words and short forms the interface shows for API values. */
import type { Market, Role } from "./graphql/types";

const ROLE_LABELS: Record<Role, string> = {
  SHOPPER: "Shopper",
  INFLUENCER: "Influencer",
  DESIGNER: "Designer",
  BRAND: "Brand",
  ADMIN: "Admin",
  SUPPLIER: "Supplier",
};

const MARKET_LABELS: Record<Market, string> = {
  US: "United States",
  UK: "United Kingdom",
  DE: "Germany",
  FR: "France",
  BR: "Brazil",
  MX: "Mexico",
  SA: "Saudi Arabia",
};

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}

export function marketLabel(market: Market): string {
  return MARKET_LABELS[market];
}

/**
 * Up to two initials for an avatar placeholder ("Mia Chen" → "MC"), from the words that start
 * with a letter or digit; "" when there are none (the avatar then shows an icon).
 */
export function initials(name: string): string {
  const firsts = name
    .trim()
    .split(/\s+/)
    .map((word) => word.match(/[\p{L}\p{N}]/u)?.[0] ?? "")
    .filter(Boolean);
  const picked = firsts.length > 1 ? [firsts[0], firsts[firsts.length - 1]] : firsts;
  return picked.join("").toLocaleUpperCase();
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** A date the way the reader's locale writes it; the raw text when it is not a date. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}
