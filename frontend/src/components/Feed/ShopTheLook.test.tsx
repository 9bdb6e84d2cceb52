import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { ProductTag } from "../../lib/graphql/posts";
import { ShopTheLook, taggedProducts } from "./ShopTheLook";

function tag(productId: string, shopUrl: string | null, creditsAuthor: boolean, imageIndex = 0): ProductTag {
  return {
    productId,
    imageIndex,
    x: 0.5,
    y: 0.4,
    product: { id: productId, title: `Product ${productId}`, imageUrl: null, price: { amountMinor: 4900, currency: "USD" } },
    shopUrl,
    creditsAuthor,
  };
}

describe("ShopTheLook", () => {
  it("lists each product once and skips products that left the catalogue", () => {
    const gone = { ...tag("prd_3", null, false), product: null };
    const list = taggedProducts([tag("prd_1", "/l/a", true), tag("prd_1", "/l/a", true, 1), tag("prd_2", "https://shop.example/p/2", false), gone]);
    expect(list.map((item) => item.product.id)).toEqual(["prd_1", "prd_2"]);
  });

  it("sends an influencer's tags through their own /l/ links and says it supports them", () => {
    render(<ShopTheLook authorName="Lena Style" tags={[tag("prd_1", `${window.location.origin}/l/Ab3x`, true)]} />);
    const section = screen.getByRole("region", { name: "Shop the look" });
    expect(within(section).getByText("Buying through these links supports Lena Style.")).toBeTruthy();
    expect(within(section).getByRole("link", { name: "Shop Product prd_1 (opens the shop)" }).getAttribute("href")).toBe("/l/Ab3x");
  });

  it("links a shopper's tags to the product page, and never to a script URL", () => {
    render(<ShopTheLook authorName="Mia Chen" tags={[tag("prd_1", "https://shop.example/p/1", false), tag("prd_2", "javascript:alert(1)", false)]} />);
    expect(screen.queryByText(/supports/)).toBeNull();
    expect(screen.getByRole("link", { name: "Shop Product prd_1 (opens the shop)" }).getAttribute("href")).toBe("https://shop.example/p/1");
    expect(screen.queryByRole("link", { name: /Product prd_2/ })).toBeNull();
    expect(screen.getByText("Product prd_2")).toBeTruthy();
  });
});
