import { render, screen, within } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";

import type { ProductTag } from "../../lib/graphql/posts";
import { ShopStrip, ShopTheLook, taggedProducts } from "./ShopTheLook";

function tag(productId: string, shopUrl: string | null, creditsAuthor: boolean, imageIndex = 0, archived = false): ProductTag {
  return {
    productId,
    imageIndex,
    x: 0.5,
    y: 0.4,
    product: { id: productId, title: `Product ${productId}`, imageUrl: null, price: { amountMinor: 4900, currency: "USD" }, archived },
    shopUrl,
    creditsAuthor,
  };
}

function show(element: ReactElement) {
  return render(<MemoryRouter>{element}</MemoryRouter>);
}

describe("ShopTheLook", () => {
  it("lists each product once and skips products that left the catalogue", () => {
    const gone = { ...tag("prd_3", null, false), product: null };
    const list = taggedProducts([tag("prd_1", "/l/a", true), tag("prd_1", "/l/a", true, 1), tag("prd_2", "https://shop.example/p/2", false), gone]);
    expect(list.map((item) => item.product.id)).toEqual(["prd_1", "prd_2"]);
  });

  it("sends an influencer's tags through their own /l/ links and says it supports them", () => {
    show(<ShopTheLook authorName="Lena Style" tags={[tag("prd_1", `${window.location.origin}/l/Ab3x`, true)]} />);
    const section = screen.getByRole("region", { name: "Shop the look" });
    expect(within(section).getByText("Buying through these links supports Lena Style.")).toBeTruthy();
    expect(within(section).getByRole("link", { name: "Shop Product prd_1 (opens the shop)" }).getAttribute("href")).toBe("/l/Ab3x");
  });

  it("links a shopper's tags to the product page, and never to a script URL", () => {
    show(<ShopTheLook authorName="Mia Chen" tags={[tag("prd_1", "https://shop.example/p/1", false), tag("prd_2", "javascript:alert(1)", false)]} />);
    expect(screen.queryByText(/supports/)).toBeNull();
    expect(screen.getByRole("link", { name: "Shop Product prd_1 (opens the shop)" }).getAttribute("href")).toBe("https://shop.example/p/1");
    expect(screen.queryByRole("link", { name: /Shop Product prd_2/ })).toBeNull();
    expect(screen.getByRole("link", { name: "Product prd_2" }).getAttribute("href")).toBe("/shop/prd_2");
  });

  it("opens each product's page from the look, and shows archived ones as no longer sold", () => {
    show(<ShopTheLook authorName="Lena Style" postId="post_7" tags={[tag("prd_1", "/l/Ab3x", true, 0, true), tag("prd_2", "https://shop.example/p/2", false)]} />);
    expect(screen.getByRole("link", { name: "Product prd_1" }).getAttribute("href")).toBe("/shop/prd_1?look=post_7");
    const archived = screen.getByRole("link", { name: "Product prd_1" }).closest("li");
    expect(archived && within(archived).getByText("No longer sold")).toBeTruthy();
    expect(screen.queryByRole("link", { name: /Shop Product prd_1/ })).toBeNull();
    // Only products still sold credit the author.
    expect(screen.queryByText(/supports/)).toBeNull();
  });
});

describe("ShopStrip", () => {
  it("shows each tagged product's photo linking to its page", () => {
    show(<ShopStrip postId="post_7" tags={[tag("prd_1", null, false), tag("prd_2", null, false, 0, true)]} />);
    const list = screen.getByRole("list", { name: "Products in this look" });
    const links = within(list).getAllByRole("link");
    expect(links.map((l) => l.getAttribute("href"))).toEqual(["/shop/prd_1?look=post_7", "/shop/prd_2?look=post_7"]);
    expect(links[1]?.getAttribute("aria-label")).toContain("no longer sold");
  });
});
