import { describe, expect, it } from "vitest";

import type { Product } from "../../lib/graphql/commerce";
import { matchProducts } from "./ProductPicker";

function product(title: string, sku: string, category: string | null = null): Product {
  return {
    id: `prd_${sku}`,
    brandId: "usr_b",
    sku,
    title,
    price: { amountMinor: 100, currency: "USD" },
    productUrl: "https://shop.example/p",
    imageUrl: null,
    thumbUrl: null,
    hasUploadedImage: false,
    category,
    markets: ["US"],
    createdAt: "2026-01-01T00:00:00Z",
    archived: false,
    archivedAt: null,
  };
}

describe("product search", () => {
  const catalogue = [product("Linen Shirt", "LIN-1", "tops"), product("Denim Jacket", "DEN-2"), product("Linen Trousers", "LIN-3")];
  it("matches every word in title, SKU or category, in any case", () => {
    expect(matchProducts(catalogue, "linen").map((p) => p.sku)).toEqual(["LIN-1", "LIN-3"]);
    expect(matchProducts(catalogue, "TOPS linen").map((p) => p.sku)).toEqual(["LIN-1"]);
    expect(matchProducts(catalogue, "den-2").map((p) => p.sku)).toEqual(["DEN-2"]);
    expect(matchProducts(catalogue, "silk")).toEqual([]);
    expect(matchProducts(catalogue, "  ")).toHaveLength(3);
  });
});
