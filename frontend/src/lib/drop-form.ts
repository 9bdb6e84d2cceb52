/**
 * The test-drop creation form's logic, kept apart from React: how a trend links to a prefilled
 * form, what the form holds, how it becomes `CreateTestDropInput`, and how the payload's
 * `errors { field }` paths (`products.0.sku`, `elementIds.1`) land beside the right input.
 */
import type { CreateTestDropInput } from "./graphql/drops";
import { MARKETS, type Market, type UserError } from "./graphql/types";
import { parseMajor } from "./money";
import { PAGES } from "./navigation";

export const DROP_CURRENCIES = ["USD", "GBP", "EUR", "BRL", "MXN", "SAR"] as const;

/** What a trend hands the form: the element and, when the list was filtered, its market. */
export interface DropStart {
  elementIds: string[];
  markets: Market[];
}

/** `/test-drops?new=1&element=colour%2Fbutter-yellow&market=US`: the form opens prefilled. */
export function startDropPath(elementId: string, market: Market | null): string {
  const params = new URLSearchParams({ new: "1", element: elementId });
  if (market) params.set("market", market);
  return `${PAGES.testDrops.path}?${params.toString()}`;
}

/** The start a URL asks for; null when it does not ask for the form. */
export function readDropStart(params: URLSearchParams): DropStart | null {
  if (params.get("new") !== "1") return null;
  const elementIds = [...new Set(params.getAll("element").map((e) => e.trim()).filter((e) => /^[a-z]+\/[a-z0-9-]+$/.test(e)))];
  const markets = [...new Set(params.getAll("market").filter((m): m is Market => MARKETS.includes(m as Market)))];
  return { elementIds, markets };
}

/** "colour/butter-yellow" → "Butter yellow": a readable name before the taxonomy answers. */
export function elementNameFromId(id: string): string {
  const slug = id.split("/").slice(1).join("/") || id;
  const words = slug.replace(/-/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface ProductDraftRow {
  /** A stable React key: rows can be removed from the middle. */
  key: string;
  sku: string;
  title: string;
  category: string;
  price: string;
  unitCost: string;
  units: string;
  productUrl: string;
  /** The person typed the URL: stop suggesting one from the SKU. */
  urlEdited: boolean;
}

export interface DropDraftForm {
  name: string;
  elementIds: string[];
  markets: Market[];
  launchDate: string;
  currency: string;
  campaignId: string;
  products: ProductDraftRow[];
}

let rowCounter = 0;

export function emptyProduct(): ProductDraftRow {
  rowCounter += 1;
  return { key: `row-${rowCounter}`, sku: "", title: "", category: "", price: "", unitCost: "", units: "", productUrl: "", urlEdited: false };
}

/** A UTC date `days` after `today`, as YYYY-MM-DD. */
export function dayAfter(today: Date, days: number): string {
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + days)).toISOString().slice(0, 10);
}

/** The form as a trend opens it: named after the element, launching in a week, one product row. */
export function initialDraft(start: DropStart | null, today: Date = new Date()): DropDraftForm {
  const first = start?.elementIds[0];
  return {
    name: first ? `${elementNameFromId(first)} test` : "",
    elementIds: start?.elementIds ?? [],
    markets: start && start.markets.length > 0 ? start.markets : [],
    launchDate: dayAfter(today, 7),
    currency: "USD",
    campaignId: "",
    products: [emptyProduct()],
  };
}

/**
 * A product page on the brand's shop for a new SKU: the origin of one of the brand's existing
 * product URLs, and `/p/<sku in lower case>`. Null when there is no sample or no SKU yet.
 */
export function suggestProductUrl(sampleUrl: string | null | undefined, sku: string): string | null {
  const slug = sku
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!sampleUrl || !slug) return null;
  try {
    return `${new URL(sampleUrl).origin}/p/${slug}`;
  } catch {
    return null;
  }
}

/** Errors keyed by the API's field path (`name`, `markets`, `products.0.sku`), plus the rest. */
export interface DropFormErrors {
  fields: Record<string, string>;
  form: string[];
}

export function noDropErrors(): DropFormErrors {
  return { fields: {}, form: [] };
}

// Where each API path is shown: list items share their list's message (markets.2 → markets).
const LIST_FIELDS = new Set(["elementIds", "markets"]);
const TOP_FIELDS = new Set(["name", "elementIds", "markets", "launchDate", "campaignId", "products"]);
const PRODUCT_FIELDS: Record<string, string> = {
  sku: "sku",
  title: "title",
  category: "category",
  priceMinor: "price",
  currency: "currency",
  unitCostMinor: "unitCost",
  units: "units",
  productUrl: "productUrl",
  imageUrl: "productUrl",
  markets: "markets",
};

/** The form's key for an API field path; null when the form has no place for it. */
export function formKey(path: string | null): string | null {
  if (!path) return null;
  const parts = path.replace(/^input\./, "").split(".");
  const [head = "", index, leaf] = parts;
  if (head === "products" && index !== undefined && /^\d+$/.test(index) && leaf !== undefined) {
    const field = PRODUCT_FIELDS[leaf];
    // The currency is one choice for the whole drop; markets are the drop's.
    if (field === "currency" || field === "markets") return field;
    return field ? `products.${index}.${field}` : "products";
  }
  if (LIST_FIELDS.has(head)) return head;
  return TOP_FIELDS.has(head) && parts.length === 1 ? head : null;
}

/** The payload's errors, each beside its input when the form shows one. */
export function mapDropErrors(errors: readonly UserError[]): DropFormErrors {
  const result = noDropErrors();
  for (const error of errors) {
    const key = formKey(error.field);
    if (key === null || key === "currency") {
      if (!result.form.includes(error.message)) result.form.push(error.message);
      continue;
    }
    const previous = result.fields[key];
    if (previous === undefined) result.fields[key] = error.message;
    else if (!previous.includes(error.message)) result.fields[key] = `${previous} ${error.message}`;
  }
  return result;
}

/**
 * The form → the mutation's input. What the server cannot judge because it never arrives as a
 * number (a price of "12,5€", units "ten") is caught here, with the same keys as the server's.
 */
export function toDropInput(form: DropDraftForm): { input: CreateTestDropInput } | { errors: DropFormErrors } {
  const errors = noDropErrors();
  const products = form.products.map((row, index) => {
    const priceMinor = parseMajor(row.price, form.currency);
    const unitCostMinor = parseMajor(row.unitCost, form.currency);
    const units = Number(row.units.trim());
    if (priceMinor === null) errors.fields[`products.${index}.price`] = "Enter a price such as 39.90.";
    if (unitCostMinor === null) errors.fields[`products.${index}.unitCost`] = "Enter what one unit costs to make, such as 12.00.";
    if (!/^\d+$/.test(row.units.trim()) || units < 1) errors.fields[`products.${index}.units`] = "Enter how many units the test batch has.";
    return {
      sku: row.sku.trim(),
      title: row.title.trim(),
      category: row.category.trim(),
      priceMinor: priceMinor ?? 0,
      currency: form.currency,
      unitCostMinor: unitCostMinor ?? 0,
      units,
      productUrl: row.productUrl.trim(),
    };
  });
  if (Object.keys(errors.fields).length > 0) return { errors };
  return {
    input: {
      name: form.name.trim(),
      elementIds: form.elementIds,
      markets: form.markets,
      launchDate: form.launchDate,
      products,
      campaignId: form.campaignId.trim() || null,
    },
  };
}
