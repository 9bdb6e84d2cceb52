import { describe, expect, it } from "vitest";

import { safeHttpUrl } from "./links";

describe("safeHttpUrl", () => {
  it("keeps web addresses and refuses script or data URLs", () => {
    expect(safeHttpUrl("https://shop.example/p/1?ref=tl")).toBe("https://shop.example/p/1?ref=tl");
    expect(safeHttpUrl("javascript:alert(1)")).toBeNull();
    expect(safeHttpUrl("data:text/html,<b>x</b>")).toBeNull();
    expect(safeHttpUrl("")).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });
});
