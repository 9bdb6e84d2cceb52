import { describe, expect, it } from "vitest";

import { safeHttpUrl, shopLink } from "./links";

describe("safeHttpUrl", () => {
  it("keeps web addresses and refuses script or data URLs", () => {
    expect(safeHttpUrl("https://shop.example/p/1?ref=tl")).toBe("https://shop.example/p/1?ref=tl");
    expect(safeHttpUrl("javascript:alert(1)")).toBeNull();
    expect(safeHttpUrl("data:text/html,<b>x</b>")).toBeNull();
    expect(safeHttpUrl("")).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });
});

describe("shopLink", () => {
  const origin = "https://app.trendloop.example";

  it("keeps our own /l/ links as same-origin paths, absolute or not", () => {
    expect(shopLink(`${origin}/l/Ab3_x-9`, origin)).toEqual({ href: "/l/Ab3_x-9", own: true });
    expect(shopLink("/l/Ab3", origin)).toEqual({ href: "/l/Ab3", own: true });
  });

  it("sends product pages elsewhere as they are", () => {
    expect(shopLink("https://shop.example/p/tee?ref=tl", origin)).toEqual({ href: "https://shop.example/p/tee?ref=tl", own: false });
    // Another site's /l/ path is not one of ours.
    expect(shopLink("https://other.example/l/Ab3", origin)).toEqual({ href: "https://other.example/l/Ab3", own: false });
    // Other paths on our origin are not shoppable links.
    expect(shopLink("/l/a/b", origin)).toEqual({ href: `${origin}/l/a/b`, own: false });
  });

  it("refuses what safeHttpUrl refuses", () => {
    expect(shopLink("javascript:alert(1)", origin)).toBeNull();
    expect(shopLink("data:text/html,x", origin)).toBeNull();
    expect(shopLink(null, origin)).toBeNull();
    expect(shopLink("", origin)).toBeNull();
  });
});
