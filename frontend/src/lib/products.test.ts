import { describe, expect, it } from "vitest";

import { fromLook, lookPath, productPath, shopOffer } from "./products";

const ORIGIN = "https://trendloop.example";

describe("productPath", () => {
  it("is the product's page, with the look it was opened from", () => {
    expect(productPath("prd_1")).toBe("/shop/prd_1");
    expect(productPath("prd_1", "post_9")).toBe("/shop/prd_1?look=post_9");
    expect(productPath("a/b", null)).toBe("/shop/a%2Fb");
  });
});

describe("lookPath", () => {
  it("opens the in-app post page where the role has it, else the public page", () => {
    expect(lookPath("SHOPPER", "post_1")).toBe("/feed/posts/post_1");
    expect(lookPath("BRAND", "post_1")).toBe("/feed/posts/post_1");
    expect(lookPath("DESIGNER", "post_1")).toBe("/p/post_1");
    expect(lookPath("SUPPLIER", "post_1")).toBe("/p/post_1");
  });
});

describe("shopOffer", () => {
  it("offers no way to buy an archived product, whatever its URL", () => {
    expect(shopOffer({ archived: true }, "https://shop.example/p/1", ORIGIN)).toEqual({ kind: "archived" });
  });
  it("keeps our own tracked links same-origin and refuses unsafe URLs", () => {
    expect(shopOffer({ archived: false }, `${ORIGIN}/l/abc123`, ORIGIN)).toEqual({ kind: "buy", link: { href: "/l/abc123", own: true } });
    expect(shopOffer({ archived: false }, "javascript:alert(1)", ORIGIN)).toEqual({ kind: "none" });
    expect(shopOffer(null, "https://shop.example/p/1", ORIGIN)).toEqual({ kind: "none" });
  });
});

describe("fromLook", () => {
  it("makes the product page's back link return to the look", () => {
    expect(fromLook("post_1")).toEqual({ back: { path: "/feed/posts/post_1", label: "The look" } });
    expect(fromLook(null)).toBeUndefined();
  });
});
